using System.Globalization;
using System.Text.Json.Nodes;
using KioskRuntime.RackbeatSimulator.Account;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.RackbeatSimulator;

/// <summary>
/// In front of every <c>/api/</c> request: the bearer token (401), the consumer headers the official client insists on (400, facts
/// #22: stricter than Rackbeat is known to be, so that a client that forgets them fails here first), faults on demand, and
/// Rackbeat's error shape for refusals (<c>{"errors":{field:[msg]}}</c>).
/// </summary>
internal sealed class RackbeatGate(RequestDelegate next, SimulatedAccount account, FaultBook faults)
{
    public static readonly string[] ConsumerHeaders = ["User-Agent", "Consumer-Name", "Consumer-Contact"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var auth = context.Request.Headers.Authorization.ToString();
        if (auth != "Bearer " + account.Settings.Token)
        {
            await WriteAsync(context, 401, new JsonObject { ["message"] = "Unauthenticated." }).ConfigureAwait(false);
            return;
        }

        var missing = ConsumerHeaders.Where(h => string.IsNullOrWhiteSpace(context.Request.Headers[h])).ToList();
        if (missing.Count > 0)
        {
            await WriteAsync(context, 400, new JsonObject { ["message"] = "Identify your integration: missing " + string.Join(", ", missing) + "." }).ConfigureAwait(false);
            return;
        }

        var rule = faults.Take($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        switch (rule?.Kind)
        {
            case "status":
                if (rule.RetryAfter is { } after)
                {
                    context.Response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
                }

                await WriteAsync(context, rule.Status, new JsonObject { ["message"] = "Simulated fault." }).ConfigureAwait(false);
                return;
            case "hang":
                await HangAsync(context).ConfigureAwait(false);
                return;
        }

        var real = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (RackbeatError error)
        {
            await WriteAsync(context, error.Status, Errors(error)).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = real;
        }

        switch (rule?.Kind)
        {
            case "drop":
                context.Abort(); // done, but the answer never arrives
                return;
            case "commit-hang":
                await HangAsync(context).ConfigureAwait(false);
                return;
            case "then-move":
                account.ExternalMove(rule.Item!, rule.Location!, rule.Change);
                break;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(real, context.RequestAborted).ConfigureAwait(false);
    }

    private static JsonObject Errors(RackbeatError error)
    {
        var errors = new JsonObject();
        foreach (var (field, messages) in error.Errors)
        {
            errors[field] = new JsonArray([.. messages.Select(m => (JsonNode)m)]);
        }

        return new JsonObject { ["errors"] = errors };
    }

    private static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the client gave up
        }
    }

    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
