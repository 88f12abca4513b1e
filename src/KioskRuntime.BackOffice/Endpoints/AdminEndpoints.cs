using System.Text.Json;
using KioskRuntime.BackOffice.Access;
using KioskRuntime.BackOffice.Faults;
using KioskRuntime.BackOffice.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KioskRuntime.BackOffice.Endpoints;

/// <summary>
/// Admin views (kiosks, negative stock, the sales of a recalled lot) and runtime fault rules, for the admin credential only. The
/// fault routes exist only when the back office was started with <c>--enable-faults</c>; otherwise they answer 404 saying so.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app, bool faultsEnabled)
    {
        app.MapGet("/healthz", (BackOfficeStore store) => store.Failure is { } failure
            ? Results.Json(new { status = "failed", reason = failure }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(new { status = "ok" })).Allow(AccessRule.Anonymous);
        app.MapGet("/admin/kiosks", (BackOfficeStore store) =>
            Results.Ok(new KiosksBody(store.GetHeads().Select(h => new KioskBody(h.KioskId, h.LastSeq, h.LastHash)).ToList())))
            .Allow(AccessRule.Admin);
        app.MapGet("/admin/stock/negative", (BackOfficeStore store) =>
            Results.Ok(new NegativeStockBody(store.Catalog.GetNegativeStock().Select(CatalogEndpoints.ToBody).ToList())))
            .Allow(AccessRule.Admin);
        app.MapGet("/admin/recalls", (string? gtin, string? lot, BackOfficeStore store) =>
            gtin is null || lot is null || gtin.Length != 14 || !gtin.All(char.IsAsciiDigit) || lot.Length is 0 or > 20
                ? Results.BadRequest(new ErrorBody("invalid", Reason: "expected ?gtin= (14 digits) and &lot= (1 to 20 characters, GS1 AI 10)"))
                : Results.Ok(new RecallBody(gtin, lot, store.FindSalesOfLot(gtin, lot))))
            .Allow(AccessRule.Admin);
        if (!faultsEnabled)
        {
            app.MapMethods("/admin/faults", ["GET", "POST", "DELETE"], () => Results.NotFound(new ErrorBody(
                "faults-disabled", Reason: "fault injection is off; start kiosk-backoffice with --enable-faults to use it"))).Allow(AccessRule.Admin);
            return;
        }

        app.MapGet("/admin/faults", (FaultInjector faults) => Results.Ok(ListFaults(faults))).Allow(AccessRule.Admin);
        app.MapPost("/admin/faults", SetFaultsAsync).Allow(AccessRule.Admin);
        app.MapDelete("/admin/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.Ok(ListFaults(faults));
        }).Allow(AccessRule.Admin);
    }

    private static async Task<IResult> SetFaultsAsync(HttpRequest request, FaultInjector faults)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Results.BadRequest(new ErrorBody("invalid",
                Reason: $"body is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}"));
        }

        using (body)
        {
            if (!FaultRuleParser.TryParse(body.RootElement, out var rules, out var error))
            {
                return Results.BadRequest(new ErrorBody("invalid", Reason: error));
            }

            faults.Replace(rules);
            return Results.Ok(ListFaults(faults));
        }
    }

    private static FaultRulesBody ListFaults(FaultInjector faults) =>
        new(faults.List().Select(f => new FaultRuleBody(
            f.Rule.Match, FaultRule.KindText(f.Rule.Fault), f.Rule.Status, f.Rule.RetryAfter, f.Rule.DelayMs,
            f.Rule.Probability, f.Rule.Count, f.Rule.Seed, f.Remaining)).ToList());
}
