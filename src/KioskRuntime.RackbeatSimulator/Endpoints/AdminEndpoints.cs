using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.RackbeatSimulator.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KioskRuntime.RackbeatSimulator.Endpoints;

/// <summary>
/// The simulator's own controls under <c>/_sim/</c> (no token: loopback only): state, settings, products, other-channel stock moves,
/// faults and the request log.
/// </summary>
internal static class AdminEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app, SimulatedAccount account, FaultBook faults)
    {
        var sim = app.MapGroup("/_sim");
        sim.MapGet("/state", () => Results.Json(account.Snapshot(), Json));
        sim.MapPut("/settings", async (HttpContext ctx) =>
        {
            var settings = await Read<AccountSettings>(ctx);
            account.Configure(settings);
            return Results.Json(account.Settings, Json);
        });
        sim.MapPut("/products", async (HttpContext ctx) =>
        {
            foreach (var product in await Read<List<Product>>(ctx))
            {
                account.PutProduct(product);
            }

            return Results.NoContent();
        });
        sim.MapPost("/move", async (HttpContext ctx) =>
        {
            var move = await Read<JsonObject>(ctx);
            account.ExternalMove(move["item"]!.GetValue<string>(), move["location"]!.GetValue<string>(), move["change"]!.GetValue<decimal>());
            return Results.NoContent();
        });
        sim.MapPut("/faults", async (HttpContext ctx) =>
        {
            var rules = await Read<List<FaultRule>>(ctx);
            if (rules.Select(FaultBook.Problem).FirstOrDefault(p => p is not null) is { } problem)
            {
                return Results.Json(new { errors = new Dictionary<string, string[]> { ["faults"] = [problem] } }, Json, statusCode: 422);
            }

            faults.Replace(rules);
            return Results.NoContent();
        });
        sim.MapGet("/requests", () => Results.Json(faults.Requests(), Json));
    }

    private static async Task<T> Read<T>(HttpContext ctx)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(ctx.Request.Body, Json, ctx.RequestAborted) ?? throw new RackbeatError(400, "body", "The body is null.");
        }
        catch (JsonException ex)
        {
            throw new RackbeatError(400, "body", $"not valid JSON for {typeof(T).Name}: {ex.Message}");
        }
    }
}
