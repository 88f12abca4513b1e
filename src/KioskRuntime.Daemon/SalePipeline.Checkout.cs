using System.Globalization;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Payments;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

public sealed partial class SalePipeline
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>Test-only (<c>KIOSK_ENABLE_FAULTS=1 KIOSK_KILL_AT=step</c>): SIGKILL at a named step of a sale's payment; off otherwise.</summary>
    private readonly PaymentKillSwitch _killSwitch = PaymentKillSwitch.FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Why the kiosk cannot take money right now, or null when it can.</summary>
    public string? WhyNotSelling()
    {
        var health = _journal.Health;
        if (!health.CanWrite)
        {
            return $"journal cannot write: {health.Reason}";
        }

        if (_devices.Terminal is null)
        {
            return "no payment terminal in the profile";
        }

        if (WhyAlarm() is { } alarm)
        {
            return alarm;
        }

        if (_profile.RequireReceiptPrinter)
        {
            var printer = _devices.Printer;
            if (printer is null)
            {
                return "no receipt printer in the profile (a sale needs a printed receipt)";
            }

            if (printer.Condition is not (PrinterCondition.Ready or PrinterCondition.PaperNearEnd))
            {
                return $"receipt printer is not ready ({printer.Condition}): a sale needs a printed receipt";
            }
        }

        return null;
    }

    private async Task<CheckoutOutcome> HandleCheckoutAsync(CancellationToken ct)
    {
        if (_return is not null)
        {
            return await HandleReturnCheckoutAsync(ct).ConfigureAwait(false);
        }

        if (_cart.IsEmpty)
        {
            return new CheckoutOutcome(false, "the cart is empty");
        }

        if (WhyNotSelling() is { } why)
        {
            return new CheckoutOutcome(false, $"not selling: {why}");
        }

        var total = _cart.Total;
        if (!_upstream.Online && _profile.OfflineMaxAmount is { } max && total.Amount > max)
        {
            return new CheckoutOutcome(false, $"the back office is unreachable and {total} is above the offline limit of {max.ToString("0.00", CultureInfo.InvariantCulture)}");
        }

        var terminal = _devices.Terminal!;
        var lines = _cart.Lines.Select(SaleComposer.ToLine).ToList();
        var intent = new PaymentIntentDocument
        {
            IntentId = Guid.CreateVersion7(_time.GetUtcNow()).ToString("N"),
            ServiceId = NewServiceId(),
            Kind = "sale",
            Amount = total.Amount,
            Currency = _profile.Currency,
            Status = "pending",
            LinesJson = EventJson.Serialize(lines),
            CreatedAt = _time.GetUtcNow(),
        };

        // Design rule 1: the intent is durable before the terminal is asked.
        await CommitIntentAsync(intent, ct).ConfigureAwait(false);
        _killSwitch.At("intent-journaled", intent.IntentId);
        await ShowAsync("Betal med kort", $"Sum kr {total.Amount.ToString("N2", Norwegian)}", ct).ConfigureAwait(false);
        _state.Set("selling", "waiting for the payment terminal");

        var request = new PaymentRequest(intent.IntentId, intent.ServiceId, total.Amount, _profile.Currency);
        var result = await PayAsync(terminal, request, ct).ConfigureAwait(false);
        _killSwitch.At("answer-received", intent.IntentId);
        if (result.Kind == PaymentResultKind.Unknown)
        {
            result = await AskStatusAsync(terminal, intent, TimeSpan.FromSeconds(_options.PaymentStatusWindowSeconds), ct).ConfigureAwait(false);
        }

        _state.Set("ready");
        switch (result.Kind)
        {
            case PaymentResultKind.Approved:
                var sale = await CompleteSaleAsync(intent, result, recovered: false, ct).ConfigureAwait(false);
                _cart.Clear();
                PublishCart();
                return sale;
            case PaymentResultKind.Unknown:
                await RecordOutcomeAsync(intent, "unknown", result, recovered: false, ct).ConfigureAwait(false);
                await ShowAsync("Betaling usikker", "Kontakt personalet", ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"payment outcome unknown ({result.Reason}); nothing sold, the intent is kept for reconciliation");
            default:
                await RecordOutcomeAsync(intent, result.Kind == PaymentResultKind.Cancelled ? "cancelled" : "declined", result, recovered: false, ct).ConfigureAwait(false);
                await ShowAsync("Betaling avvist", Fit(result.Reason ?? "Prøv igjen"), ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"payment {result.Kind.ToString().ToLowerInvariant()}: {result.Reason}");
        }
    }

    private async Task<PaymentResult> PayAsync(IPaymentTerminal terminal, PaymentRequest request, CancellationToken ct)
    {
        var progress = new Progress<PaymentProgress>(p => _logger.LogInformation("Terminal: {Message}", p.Message));
        try
        {
            // The terminal call may take minutes while the customer acts: keep beating, the loop is not stuck.
            var pay = terminal.PayAsync(request, progress, ct);
            while (true)
            {
                try
                {
                    return await pay.WaitAsync(TimeSpan.FromMilliseconds(400), _time, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    Progress.Beat();
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException)
        {
            return new PaymentResult(PaymentResultKind.Unknown, null, null, null, e.Message);
        }
    }

    private async Task<PaymentResult> AskStatusAsync(IPaymentTerminal terminal, PaymentIntentDocument intent, TimeSpan window, CancellationToken ct)
    {
        var start = _time.GetTimestamp();
        var last = new PaymentResult(PaymentResultKind.Unknown, null, null, null, "no answer");
        while (_time.GetElapsedTime(start) < window)
        {
            Progress.Beat();
            try
            {
                // The intent's own ServiceID: nexo finds the request by it (MessageReference); a fresh one always answers NotFound.
                // A refund was sent as a reversal under the refund intent's ids: ask about that reversal, never about a payment.
                last = intent.Kind == "refund"
                    ? await terminal.GetReversalStatusAsync(intent.IntentId, intent.ServiceId, ct).ConfigureAwait(false)
                    : await terminal.GetStatusAsync(intent.IntentId, intent.ServiceId, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException)
            {
                last = new PaymentResult(PaymentResultKind.Unknown, null, null, null, e.Message);
            }

            if (last.Kind != PaymentResultKind.Unknown || IsNotFound(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), _time, ct).ConfigureAwait(false);
        }

        return last;
    }

    private static bool IsNotFound(PaymentResult r) => r.Kind == PaymentResultKind.Unknown && r.Reason?.StartsWith("NotFound", StringComparison.Ordinal) == true;

    private Task CommitIntentAsync(PaymentIntentDocument intent, CancellationToken ct)
    {
        var payload = new PaymentIntentPayload(intent.IntentId, intent.ServiceId, Money.Of(intent.Amount).ToContractString(), intent.Currency, 0);
        return _journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.PaymentIntent, EventJson.Serialize(payload), intent.CreatedAt)],
                (state, _) =>
                {
                    state.Put(StateCollections.Payments, intent.IntentId, intent);
                    if (intent.Kind == "refund" && intent.OriginalReceiptNo is { } original
                        && state.Get<SaleRecordDocument>(StateCollections.Sales, Key(original)) is { } sale)
                    {
                        sale.RefundIntentId = intent.IntentId; // so a return can find its receipt's latest refund without a scan
                        state.Put(StateCollections.Sales, Key(original), sale);
                    }
                }),
            ct);
    }

    private async Task RecordOutcomeAsync(PaymentIntentDocument intent, string status, PaymentResult result, bool recovered, CancellationToken ct)
    {
        var payload = new PaymentOutcomePayload(intent.IntentId, status, result.TerminalReference, result.CardBrand, result.Reason, recovered);
        await _journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.PaymentOutcome, EventJson.Serialize(payload), _time.GetUtcNow())],
                (state, entries) =>
                {
                    var doc = state.Get<PaymentIntentDocument>(StateCollections.Payments, intent.IntentId) ?? intent;
                    doc.Status = status;
                    doc.ResultSeq = entries[0].Seq;
                    doc.TerminalReference = result.TerminalReference;
                    state.Put(StateCollections.Payments, intent.IntentId, doc);
                }),
            ct).ConfigureAwait(false);
        _upstream.Nudge();
    }

    /// <summary>
    /// Journals an approved sale in ONE transaction: the sale event (lines, payment, VAT), the receipt number, local stock, the intent's
    /// completion, and the receipt waiting to be printed. Only then is anything acknowledged; then the receipt is printed.
    /// </summary>
    private async Task<CheckoutOutcome> CompleteSaleAsync(PaymentIntentDocument intent, PaymentResult result, bool recovered, CancellationToken ct)
    {
        var lines = EventJson.Deserialize<List<SaleLinePayload>>(intent.LinesJson);
        var receiptNo = NextReceiptNumber();
        var amount = Money.Of(result.AuthorizedAmount ?? intent.Amount);
        var payments = new List<PaymentPayload> { new("card", amount.ToContractString(), result.TerminalReference, result.CardBrand) };
        var sale = new SalePayload(receiptNo, intent.Currency, lines, Money.Of(intent.Amount).ToContractString(), SaleComposer.VatOf(lines), payments, _profile.RegisterId);
        var at = _time.GetUtcNow();
        var entries = await _journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.Sale, EventJson.Serialize(sale), at)],
                (state, written) =>
                {
                    ClaimReceiptNumber(state, receiptNo);
                    ApplyStock(state, SaleComposer.StockDeltas(sale), at);
                    var doc = state.Get<PaymentIntentDocument>(StateCollections.Payments, intent.IntentId) ?? intent;
                    doc.Status = "completed";
                    doc.ResultSeq = written[0].Seq;
                    doc.TerminalReference = result.TerminalReference;
                    state.Put(StateCollections.Payments, intent.IntentId, doc);
                    state.Put(StateCollections.Sales, Key(receiptNo), new SaleRecordDocument
                    {
                        ReceiptNo = receiptNo, Seq = written[0].Seq, Id = written[0].Id.ToString(), PayloadJson = written[0].PayloadJson, OccurredAt = at,
                    });
                    state.Put(StateCollections.Receipts, Key(receiptNo), new ReceiptStateDocument { ReceiptNo = receiptNo, SaleSeq = written[0].Seq, Recovered = recovered });
                }),
            CancellationToken.None).ConfigureAwait(false); // the customer has paid: finish the event in flight even if shutdown began

        if (!recovered)
        {
            _killSwitch.At("sale-committed", intent.IntentId);
        }

        var entry = entries[0];
        _state.CountSale();
        _upstream.Nudge();
        if (!recovered)
        {
            UnlockAfterSale(receiptNo, entry.Seq); // durable now: the customer may take the goods
        }

        _logger.LogInformation(
            "Sale {ReceiptNo} journaled as seq {Seq}: {Total} {Currency}, {Lines} line(s), card {Brand} ref {Ref}{Recovered}",
            receiptNo, entry.Seq, sale.Total, sale.Currency, lines.Count, result.CardBrand, result.TerminalReference, recovered ? " (recovered after restart)" : "");
        var printed = await PrintReceiptAsync(receiptNo, copy: false, ct, recovered ? null : intent.IntentId).ConfigureAwait(false);
        if (!recovered)
        {
            _killSwitch.At("receipt-printed", intent.IntentId);
        }

        await ShowAsync("Takk for handelen!", printed == "printed" ? "Ta kvitteringen" : "Kvittering kommer", ct).ConfigureAwait(false);
        return new CheckoutOutcome(true, recovered ? "sale completed after recovery" : "sale completed", entry.Seq, receiptNo, sale.Total, printed);
    }

    private long NextReceiptNumber() => (_journal.GetState<CounterDocument>(StateCollections.Counters, "receipt")?.Value ?? 0) + 1;

    /// <summary>Inside the transaction: the receipt counter must still be where the pipeline read it (one writer, so it always is).</summary>
    private static void ClaimReceiptNumber(IJournalState state, long receiptNo)
    {
        var current = state.Get<CounterDocument>(StateCollections.Counters, "receipt")?.Value ?? 0;
        if (current + 1 != receiptNo)
        {
            throw new InvalidOperationException($"Receipt number {receiptNo} is stale: the counter is at {current}.");
        }

        state.Put(StateCollections.Counters, "receipt", new CounterDocument { Value = receiptNo });
    }

    private static void ApplyStock(IJournalState state, IReadOnlyDictionary<string, decimal> deltas, DateTimeOffset at)
    {
        foreach (var (gtin, delta) in deltas)
        {
            var stock = state.Get<StockDocument>(StateCollections.Stock, gtin) ?? new StockDocument { Gtin = gtin };
            stock.Quantity += delta;
            stock.UpdatedAt = at;
            state.Put(StateCollections.Stock, gtin, stock);
        }
    }

    private static string Key(long receiptNo) => receiptNo.ToString(CultureInfo.InvariantCulture);

    /// <summary>A nexo ServiceID: 10 alphanumerics, fresh for every request.</summary>
    private static string NewServiceId() => Convert.ToHexString(Guid.NewGuid().ToByteArray())[..10];

    private static string Fit(string text) => text.Length <= 20 ? text : text[..20];
}
