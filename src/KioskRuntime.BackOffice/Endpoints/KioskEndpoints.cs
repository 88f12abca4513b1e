using System.Text.Json;
using KioskRuntime.BackOffice.Access;
using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Processing;
using KioskRuntime.BackOffice.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KioskRuntime.BackOffice.Endpoints;

/// <summary>The contract's kiosk-facing endpoints: push, cursor, and the stored-events read view.</summary>
internal static class KioskEndpoints
{
    private const int DefaultEventLimit = 100;
    private const int MaxEventLimit = 1000;

    public static void MapKioskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/kiosks/{kioskId}/events", PushAsync).Allow(AccessRule.OwnKiosk);
        app.MapGet("/v1/kiosks/{kioskId}/cursor", Cursor).Allow(AccessRule.OwnKioskOrAdmin);
        app.MapGet("/v1/kiosks/{kioskId}/events", ReadEvents).Allow(AccessRule.OwnKioskOrAdmin);
    }

    internal static IResult BadKioskId(string kioskId) =>
        Results.BadRequest(new ErrorBody("invalid", Reason: $"kioskId \"{kioskId}\" must match [a-z0-9][a-z0-9-]{{0,63}}"));

    private static async Task<IResult> PushAsync(string kioskId, HttpRequest request, EventBatchProcessor processor)
    {
        if (!KioskId.TryParse(kioskId, out var id))
        {
            return BadKioskId(kioskId);
        }

        PushOutcome outcome;
        using (var body = await PooledBody.ReadAsync(request, request.HttpContext.RequestAborted))
        {
            if (body is null)
            {
                return Results.Json(
                    new ErrorBody("too-large", Reason: $"a push body is at most {PooledBody.MaxBytes} bytes; send fewer events per batch"),
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            outcome = processor.Push(id.Value, body.Memory);
        }

        return outcome switch
        {
            PushOutcome.Processed p => Results.Ok(new PushBody(p.LastSeq, p.Results.Select(r => new ResultBody(r.Seq, r.Status, r.Reason)).ToList())),
            PushOutcome.SeqGap gap => Results.Conflict(new ErrorBody("seq-gap", ExpectedSeq: gap.ExpectedSeq)),
            PushOutcome.Fork fork => Results.Conflict(new ErrorBody("fork", Seq: fork.Seq)),
            PushOutcome.Invalid invalid => Results.BadRequest(new ErrorBody("invalid", Seq: invalid.Seq, Reason: invalid.Reason)),
            _ => throw new InvalidOperationException("Unhandled push outcome."),
        };
    }

    private static IResult Cursor(string kioskId, BackOfficeStore store)
    {
        if (!KioskId.TryParse(kioskId, out var id))
        {
            return BadKioskId(kioskId);
        }

        var head = store.GetHead(id.Value.Value);
        return Results.Ok(new CursorBody(head.LastSeq, head.LastHash));
    }

    private static IResult ReadEvents(string kioskId, long? fromSeq, int? limit, BackOfficeStore store)
    {
        if (!KioskId.TryParse(kioskId, out var id))
        {
            return BadKioskId(kioskId);
        }

        if (fromSeq is < 1 || limit is < 1 or > MaxEventLimit)
        {
            return Results.BadRequest(new ErrorBody("invalid", Reason: $"fromSeq must be ≥ 1 and limit 1 to {MaxEventLimit}"));
        }

        var take = limit ?? DefaultEventLimit;
        var events = store.GetEvents(id.Value.Value, fromSeq ?? 1, take);
        var bodies = events.Select(e =>
        {
            using var doc = JsonDocument.Parse(e.RawJson);
            return new StoredEventBody(e.Seq, BackOfficeStore.StatusText(e.Status), e.Reason, Rfc3339.Format(e.ReceivedAt), doc.RootElement.Clone());
        }).ToList();
        long? next = events.Count == take ? events[^1].Seq + 1 : null;
        return Results.Ok(new StoredEventsBody(id.Value.Value, bodies, next));
    }
}
