using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.BackOffice.Faults;

/// <summary>
/// Applies the fault picked by <see cref="FaultInjector"/> to a request. <c>/admin/…</c> is never faulted, so faults can
/// always be listed and cleared.
/// </summary>
internal sealed partial class FaultMiddleware
{
    private readonly RequestDelegate _next;
    private readonly FaultInjector _faults;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<FaultMiddleware> _logger;

    public FaultMiddleware(RequestDelegate next, FaultInjector faults, IHostApplicationLifetime lifetime, ILogger<FaultMiddleware> logger)
    {
        _next = next;
        _faults = faults;
        _lifetime = lifetime;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/admin/", StringComparison.Ordinal) || _faults.Pick(context.Request.Method, path) is not { } rule)
        {
            await _next(context);
            return;
        }

        LogFault(_logger, FaultRule.KindText(rule.Fault), context.Request.Method, path, rule.Match);
        switch (rule.Fault)
        {
            case FaultKind.Status:
                context.Response.StatusCode = rule.Status ?? StatusCodes.Status503ServiceUnavailable;
                if (rule.RetryAfter is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await context.Response.WriteAsJsonAsync(new { error = "injected-fault", status = context.Response.StatusCode });
                break;

            case FaultKind.Reset:
                context.Abort();
                break;

            case FaultKind.Hang:
                await HangAsync(context, rule);
                break;

            case FaultKind.Slow:
                await Task.Delay(TimeSpan.FromMilliseconds(rule.DelayMs ?? 0), context.RequestAborted);
                await _next(context);
                break;

            case FaultKind.CommitThenDrop:
                await CommitThenDropAsync(context);
                break;
        }
    }

    private async Task HangAsync(HttpContext context, FaultRule rule)
    {
        var bound = rule.DelayMs is { } ms && TimeSpan.FromMilliseconds(ms) < FaultRule.MaxHang
            ? TimeSpan.FromMilliseconds(ms)
            : FaultRule.MaxHang;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(bound, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the server is stopping: both end the hang.
        }

        context.Abort();
    }

    private async Task CommitThenDropAsync(HttpContext context)
    {
        // Let the endpoint process and store the request, but into a buffer that never reaches the wire.
        var wire = context.Response.Body;
        await using var sink = new MemoryStream();
        context.Response.Body = sink;
        try
        {
            await _next(context);
        }
        finally
        {
            context.Response.Body = wire;
            context.Abort();
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "fault {Fault} injected into {Method} {Path} (rule \"{Match}\")")]
    private static partial void LogFault(ILogger logger, string fault, string method, string path, string match);
}
