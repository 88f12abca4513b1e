using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// Inventory adjustments (facts #11–#13): read the location's on-hand, create a draft with the target (on-hand + delta), check that
/// on-hand has not moved since the read (else delete the stale draft and start again), book it. A zero delta is not sent.
/// The window left is between the check and the booking; docs/rackbeat.md, "The read-then-write race".
/// </summary>
public sealed partial class RackbeatUpstream
{
    /// <summary>Passes per adjustment: a normal one takes two (create, then check and book); each stale draft costs two more.</summary>
    private const int AdjustPasses = 6;

    private async Task<Delivery> StockAdjustmentAsync(RackbeatEventDocument record, JsonElement payload, CancellationToken ct)
    {
        var delta = Quantity(payload, "delta");
        if (delta == 0m)
        {
            return Delivery.Ok; // Rackbeat refuses a zero change; there is nothing to move
        }

        if (record.Adjustments.Count == 0)
        {
            var reason = Text(payload, "reason");
            var staff = payload.TryGetProperty("staffId", out var s) ? s.GetString() : null;
            record.Adjustments = [new RackbeatAdjustmentStep
            {
                Item = ProductNumber(Text(payload, "gtin")),
                Delta = delta,
                Reason = $"{Category(reason)}: {record.Reference} {reason}{(staff is null ? "" : $" ({staff})")}",
            }];
            await SaveAsync(record, ct).ConfigureAwait(false);
        }

        return await AdjustAllAsync(record, ct).ConfigureAwait(false);
    }

    private async Task<Delivery> AdjustAllAsync(RackbeatEventDocument record, CancellationToken ct)
    {
        foreach (var step in record.Adjustments)
        {
            for (var attempt = 0; !step.Booked; attempt++)
            {
                if (attempt >= AdjustPasses)
                {
                    return new Delivery.Retry(Ambiguous, TimeSpan.FromSeconds(5), $"on-hand of {step.Item} kept moving while adjusting it; trying again later");
                }

                var outcome = await AdjustAsync(record, step, ct).ConfigureAwait(false);
                if (outcome is not null)
                {
                    return outcome;
                }
            }
        }

        return Delivery.Ok;
    }

    /// <summary>One pass: null when booked, or when a stale draft was deleted (the caller goes round again); else what to answer.</summary>
    private async Task<Delivery?> AdjustAsync(RackbeatEventDocument record, RackbeatAdjustmentStep step, CancellationToken ct)
    {
        if (step.Id is null && step.CreatePending)
        {
            var (found, retry) = await FindAsync($"inventory-adjustments?search={Uri.EscapeDataString(record.Reference)}", "inventory_regulations",
                a => a["reason"]?.GetValue<string>() == step.Reason && a["item_id"]?.GetValue<string>() == step.Item, ct).ConfigureAwait(false);
            if (retry is not null)
            {
                return retry;
            }

            step.Id = found?["id"]?.GetValue<long>();
            step.Booked = found?["is_booked"]?.GetValue<bool>() == true;
            step.CreatePending = false;
            await SaveAsync(record, ct).ConfigureAwait(false);
            if (step.Booked)
            {
                return null;
            }
        }

        // A booking whose answer was lost is resolved first: once booked, on-hand has moved by our own doing, not someone else's.
        if (step.BookPending)
        {
            var (found, readBookFailure) = await ReadAsync(Invariant($"inventory-adjustments/{step.Id}"), "inventory_regulation", ct).ConfigureAwait(false);
            if (readBookFailure is not null)
            {
                return readBookFailure;
            }

            step.Booked = found!["is_booked"]?.GetValue<bool>() == true;
            step.BookPending = false;
            await SaveAsync(record, ct).ConfigureAwait(false);
            if (step.Booked)
            {
                return null;
            }
        }

        var (onHand, readFailure) = await OnHandAsync(step.Item, ct).ConfigureAwait(false);
        if (readFailure is not null)
        {
            return readFailure;
        }

        if (step.Id is { } stale && onHand != step.ReadQuantity)
        {
            // Someone moved stock between our read and now: the draft's target would overwrite it.
            _logger.LogWarning("On-hand of {Item} moved from {Read} to {Now} before adjustment {Id} was booked: deleting the draft and reading again", step.Item, step.ReadQuantity, onHand, stale);
            var deleted = await _rackbeat.DeleteAsync(Invariant($"inventory-adjustments/{stale}"), ct).ConfigureAwait(false);
            if (Failed(deleted, out var deleteFailure) && deleted is not Http.UpstreamReply.Answered { Code: 404 })
            {
                return deleteFailure;
            }

            step.Id = null;
            step.ReadQuantity = null;
            await SaveAsync(record, ct).ConfigureAwait(false);
            return null;
        }

        if (step.Id is null)
        {
            step.ReadQuantity = onHand;
            step.Target = onHand + step.Delta;
            step.CreatePending = true;
            await SaveAsync(record, ct).ConfigureAwait(false);
            var body = new JsonObject
            {
                ["item_id"] = step.Item,
                ["adjustment_type"] = "quantity",
                ["quantity"] = step.Target,
                ["location"] = _options.LocationNumber,
                ["regulated_at"] = Today(),
                ["reason"] = step.Reason,
            };
            var created = await _rackbeat.PostAsync("inventory-adjustments", body, ct).ConfigureAwait(false);
            if (Failed(created, out var failure))
            {
                if (failure is not Delivery.Retry { Status: var status } || status != Ambiguous)
                {
                    step.CreatePending = false;
                    await SaveAsync(record, ct).ConfigureAwait(false);
                }

                return failure;
            }

            step.Id = Node(created)?["inventory_regulation"]?["id"]?.GetValue<long>() ?? throw new InvalidOperationException("Rackbeat's answer to the adjustment has no inventory_regulation.id");
            step.CreatePending = false;
            await SaveAsync(record, ct).ConfigureAwait(false);
            return null; // round again: re-check on-hand before booking
        }

        step.BookPending = true;
        await SaveAsync(record, ct).ConfigureAwait(false);
        var booked = await _rackbeat.PostAsync(Invariant($"inventory-adjustments/{step.Id}/book"), new JsonObject(), ct).ConfigureAwait(false);
        if (Failed(booked, out var bookFailure))
        {
            return bookFailure; // BookPending stays: the next pass reads the adjustment first
        }

        step.BookPending = false;
        step.Booked = true;
        await SaveAsync(record, ct).ConfigureAwait(false);
        _logger.LogInformation("Adjustment {Id}: {Item} at location {Location} {Read} → {Target} booked (seq {Seq})", step.Id, step.Item, _options.LocationNumber, step.ReadQuantity, step.Target, record.Seq);
        return null;
    }

    /// <summary>On-hand of <paramref name="item"/> at the kiosk's location (0 when the location has none of it).</summary>
    private async Task<(decimal OnHand, Delivery? Failure)> OnHandAsync(string item, CancellationToken ct)
    {
        var (match, failure) = await FindAsync($"products/{Uri.EscapeDataString(item)}/locations", "product_locations",
            l => l["number"]?.ToString() == _options.LocationNumber, ct).ConfigureAwait(false);
        return failure is not null ? (0m, failure) : (match?["stock_quantity"]?.GetValue<decimal>() ?? 0m, null);
    }

    private string Category(string reason) =>
        _options.Reasons.TryGetValue(reason, out var category) ? category
        : reason == "return" ? "Sales"
        : _options.Reasons.GetValueOrDefault("other", "Status");
}
