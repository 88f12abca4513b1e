using KioskRuntime.Control;
using KioskRuntime.Journal;
using KioskRuntime.Printing.EscPos.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// The local API's endpoint table (also the source of the OpenAPI document at /openapi/v1.json). Every command is queued to the one
/// sale loop exactly as kioskctl's are, and answered only once the loop has answered (a checkout: once the sale is durable).
/// </summary>
internal static class LocalApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app, LocalApiParts parts)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/state", () => parts.State.Build()).WithName("GetState").WithSummary("Everything the customer screen draws");
        api.MapGet("/status", () => Results.Json(parts.Status.Snapshot(), ControlProtocol.Json)).WithName("GetStatus").WithSummary("The status kioskctl status prints (one source, the same JSON)").Produces<StatusSnapshot>();
        api.MapGet("/events", (HttpContext context, CancellationToken ct) => ScreenEventStream.RunAsync(context, parts.State, parts.Pipeline.Screen))
            .WithName("GetEvents").WithSummary("Server-sent events: state, scan, payment, receipt").Produces(200, contentType: "text/event-stream");
        api.MapGet("/products", (string? q) => parts.Products.Find(q)).WithName("FindProducts").WithSummary("Look up by PLU, GTIN or name");
        api.MapPost("/scan", async (ScanRequest body, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Code))
            {
                return Results.BadRequest(new CommandAnswer(false, "scan needs a code"));
            }

            return Answer(await parts.Pipeline.ScanAsync(body.Code.Trim(), null, ct).ConfigureAwait(false), parts);
        }).WithName("Scan").WithSummary("A code as if scanned (the same rules as the scanner)");
        api.MapPost("/items", async (AddItemRequest body, CancellationToken ct) =>
        {
            var gtin = body.Gtin is { Length: > 0 } g ? g : body.Plu is { Length: > 0 } plu ? parts.Products.GtinForPlu(plu) : null;
            if (gtin is null)
            {
                return Results.BadRequest(new CommandAnswer(false, body.Plu is { Length: > 0 } p ? $"no product has PLU '{p}'" : "items needs a gtin or a plu"));
            }

            return Answer(await parts.Pipeline.AddItemAsync(gtin, body.WeightKg, ct).ConfigureAwait(false), parts);
        }).WithName("AddItem").WithSummary("Add a product chosen on the screen, with weightKg for goods sold by weight");
        api.MapPost("/checkout", async (CancellationToken ct) =>
        {
            var outcome = await parts.Pipeline.CheckoutAsync(ct).ConfigureAwait(false);
            var answer = new CommandAnswer(outcome.Succeeded, outcome.Message, Cart(parts), outcome.ReceiptNo, outcome.Total);
            return outcome.Succeeded ? Results.Ok(answer) : Results.Conflict(answer);
        }).WithName("Checkout").WithSummary("Pay the cart (or refund a return); answered once the sale is durable");
        api.MapPost("/cancel", async (CancellationToken ct) => Answer(await parts.Pipeline.CancelAsync(ct).ConfigureAwait(false), parts))
            .WithName("Cancel").WithSummary("Clear the cart or drop the return in progress");
        api.MapGet("/technician", () => Technician(parts)).WithName("GetTechnician").WithSummary("The technician page's data (read-only)");
    }

    private static IResult Answer(ScanOutcome outcome, LocalApiParts parts)
    {
        var answer = new CommandAnswer(outcome.Accepted, outcome.Message, Cart(parts));
        return outcome.Accepted ? Results.Ok(answer) : Results.Conflict(answer);
    }

    private static ScreenCart Cart(LocalApiParts parts) => parts.State.Build().Cart;

    private static TechnicianView Technician(LocalApiParts parts)
    {
        var receipts = parts.Journal.ListState<ReceiptStateDocument>(StateCollections.Receipts).ToDictionary(r => r.ReceiptNo);
        var previews = parts.Journal.ListState<SaleRecordDocument>(StateCollections.Sales)
            .OrderByDescending(s => s.ReceiptNo)
            .Take(3)
            .Select(s => new ReceiptPreviewView(
                s.ReceiptNo,
                receipts.TryGetValue(s.ReceiptNo, out var r) ? r.Outcome : "unknown",
                s.IsReturn ? "return" : "sale",
                parts.Composer.PreviewText(s)))
            .ToList();
        return new TechnicianView(
            parts.Status.Snapshot(),
            parts.Journal.Verify(),
            previews,
            parts.Log.Lines(),
            parts.Pipeline.Screen.ClientCount,
            parts.Pipeline.Screen.CutOff);
    }
}

/// <summary>What the endpoints use, from kioskd's own container.</summary>
internal sealed record LocalApiParts(
    SalePipeline Pipeline,
    KioskStatus Status,
    ScreenStateSource State,
    ProductSearch Products,
    KioskJournal Journal,
    ReceiptComposer Composer,
    RecentLog Log);
