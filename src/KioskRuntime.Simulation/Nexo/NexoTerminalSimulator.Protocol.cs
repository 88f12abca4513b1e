using System.Globalization;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Simulation.Nexo;

internal sealed partial class NexoTerminalSimulator
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SaleId, string ServiceId), Entry> _transactions = [];
    private readonly Dictionary<(string SaleId, string ServiceId), ReversalEntry> _reversals = [];
    private readonly Dictionary<string, TaskCompletionSource<SimulatedTransaction>> _arrivals = new(StringComparer.Ordinal);
    private int _poiSequence;

    /// <summary>Every payment received so far, in order of arrival.</summary>
    public IReadOnlyList<SimulatedTransaction> Transactions
    {
        get
        {
            lock (_gate)
            {
                return _transactions.Values.OrderBy(e => e.Sequence).Select(e => e.Snapshot()).ToList();
            }
        }
    }

    /// <summary>Every reversal the simulator recorded (those naming a payment it knows), in order of arrival.</summary>
    public IReadOnlyList<SimulatedReversal> Reversals
    {
        get
        {
            lock (_gate)
            {
                return _reversals.Values.OrderBy(r => r.Sequence).Select(r => r.Snapshot()).ToList();
            }
        }
    }

    /// <summary>Completes when a payment with <paramref name="serviceId"/> has been received (and recorded).</summary>
    public Task<SimulatedTransaction> WaitForPaymentAsync(string serviceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Arrival(serviceId).Task.WaitAsync(cancellationToken);
        }
    }

    private TaskCompletionSource<SimulatedTransaction> Arrival(string serviceId)
    {
        if (!_arrivals.TryGetValue(serviceId, out var tcs))
        {
            tcs = new TaskCompletionSource<SimulatedTransaction>(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrivals[serviceId] = tcs;
        }

        return tcs;
    }

    private Reply Handle(byte[] body)
    {
        NexoRequest request;
        try
        {
            using var doc = NexoReader.Parse(body, "request");
            if (_cipher is not null)
            {
                byte[] plain = _cipher.Open(doc.RootElement, "SaleToPOIRequest");
                using var inner = NexoReader.Parse(plain, "decrypted request");
                request = NexoReader.ReadRequest(inner.RootElement);
            }
            else
            {
                request = NexoReader.ReadRequest(doc.RootElement);
            }
        }
        catch (Exception ex) when (ex is NexoFormatException or NexoSecurityException)
        {
            SimulatorLog.Simulator(_logger, Url, $"rejected a request: {ex.Message}");
            return new Reply.Status(400, "Bad Request");
        }

        var header = request.Header.AsResponse() with { PoiId = _options.PoiId };
        string? payment = (request.Body as PaymentRequestBody)?.SaleTransaction.TransactionId;
        if (payment is not null)
        {
            _options.PaymentStep?.Invoke(SimulatorStep.Received, payment);
        }

        // A reversal is reported by the kiosk's id for it (SaleData.SaleTransactionID), or by its ServiceID when it sent none.
        string? reversing = request.Body is ReversalRequestBody r ? r.SaleTransaction?.TransactionId ?? request.Header.ServiceId ?? "" : null;
        if (reversing is not null)
        {
            _options.ReversalStep?.Invoke(SimulatorStep.Received, reversing);
        }

        Reply reply;
        bool recorded;
        bool reversalRecorded;
        lock (_gate)
        {
            int before = _transactions.Count;
            int reversalsBefore = _reversals.Count;
            reply = request.Body switch
            {
                PaymentRequestBody pay => Pay(request.Header, header, pay),
                TransactionStatusRequestBody status => Status(header, status),
                ReversalRequestBody reversal => Reverse(request.Header, header, reversal),
                AbortRequestBody abort => Abort(abort),
                _ => new Reply.Status(400, "Bad Request"),
            };
            Persist();
            recorded = _transactions.Count > before;
            reversalRecorded = _reversals.Count > reversalsBefore;
        }

        if (payment is not null && recorded)
        {
            _options.PaymentStep?.Invoke(SimulatorStep.Decided, payment);
        }

        if (reversing is not null && reversalRecorded)
        {
            _options.ReversalStep?.Invoke(SimulatorStep.Decided, reversing);
        }

        return reply;
    }

    private Reply Pay(MessageHeader requestHeader, MessageHeader header, PaymentRequestBody pay)
    {
        var outcome = ChooseOutcome(pay.RequestedAmount);
        if (outcome == SimulatedOutcome.Lose)
        {
            return new Reply.Drop();
        }

        var key = (requestHeader.SaleId ?? "", requestHeader.ServiceId ?? "");
        if (_transactions.ContainsKey(key))
        {
            return Json(header, new PaymentResponseBody(NexoOutcome.Failure("NotAllowed", "ServiceID already used"), pay.SaleTransaction, null, null, null, null));
        }

        string poiId = $"SIM{Interlocked.Increment(ref _poiSequence):D6}.{_options.PoiId}";
        var entry = new Entry(_transactions.Count, requestHeader, pay, outcome, new TransactionReference(poiId, _time.GetUtcNow()), _options.InProgressQueries);
        _transactions[key] = entry;
        entry.State = outcome switch
        {
            SimulatedOutcome.Approve or SimulatedOutcome.ApproveThenDisconnect or SimulatedOutcome.UnknownOutcome => SimulatedState.Approved,
            SimulatedOutcome.Decline => SimulatedState.Declined,
            _ => SimulatedState.InProgress,
        };
        Arrival(key.Item2).TrySetResult(entry.Snapshot());
        SimulatorLog.Simulator(_logger, Url, $"payment {pay.SaleTransaction.TransactionId} {pay.RequestedAmount.ToString(CultureInfo.InvariantCulture)} {pay.Currency}: {outcome}");
        return outcome switch
        {
            SimulatedOutcome.Approve or SimulatedOutcome.Decline => Json(header, PaymentAnswer(entry)),
            SimulatedOutcome.ApproveThenDisconnect => new Reply.Drop(_options.DisconnectDelay),
            SimulatedOutcome.UnknownOutcome => new Reply.Garbled(NexoWriter.Write(new NexoResponse(header, PaymentAnswer(entry)), MaskedPan)),
            _ => new Reply.Held(entry.Held.Task),
        };
    }

    private Reply Status(MessageHeader header, TransactionStatusRequestBody status)
    {
        var key = (status.SaleId ?? header.SaleId ?? "", status.ServiceId ?? "");
        if (status.ReferencedCategory == "Reversal")
        {
            // Only reversals are looked up: a payment filed under the same ids is not what was asked for.
            return _reversals.TryGetValue(key, out var reversal)
                ? Json(header, new TransactionStatusResponseBody(NexoOutcome.Success, reversal.Header.AsResponse() with { PoiId = _options.PoiId }, null, reversal.Answer()))
                : Json(header, new TransactionStatusResponseBody(NexoOutcome.Failure("NotFound", "no reversal with that SaleID and ServiceID"), null, null));
        }

        if (!_transactions.TryGetValue(key, out var entry))
        {
            return Json(header, new TransactionStatusResponseBody(NexoOutcome.Failure("NotFound", "no transaction with that SaleID and ServiceID"), null, null));
        }

        if (entry.State == SimulatedState.InProgress && entry.Outcome == SimulatedOutcome.InProgressThenApprove && entry.QueriesLeft-- <= 0)
        {
            entry.State = SimulatedState.Approved;
            entry.Held.TrySetResult(Json(entry.Header.AsResponse() with { PoiId = _options.PoiId }, PaymentAnswer(entry)));
        }

        if (entry.State == SimulatedState.InProgress)
        {
            return Json(header, new TransactionStatusResponseBody(NexoOutcome.Failure("InProgress", "the transaction is still in progress"), null, null));
        }

        return Json(header, new TransactionStatusResponseBody(NexoOutcome.Success, entry.Header.AsResponse() with { PoiId = _options.PoiId }, PaymentAnswer(entry)));
    }

    /// <summary>
    /// Reverses a payment by its POITransactionID. A reversal that names a payment the terminal knows is recorded under its request's
    /// SaleID/ServiceID with the answer (durably, before the answer is sent), whatever the answer; one naming no known payment is answered
    /// NotFound and not recorded (nothing can have moved). The outcome chosen by the reversal's amount ending applies as for payments:
    /// <see cref="SimulatedOutcome.Lose"/> drops it unread, <see cref="SimulatedOutcome.ApproveThenDisconnect"/> and
    /// <see cref="SimulatedOutcome.UnknownOutcome"/> reverse and then lose or garble the answer; every other outcome answers normally.
    /// </summary>
    private Reply Reverse(MessageHeader requestHeader, MessageHeader header, ReversalRequestBody reversal)
    {
        var entry = _transactions.Values.FirstOrDefault(e => e.PoiTransaction.TransactionId == reversal.OriginalPoiTransaction.TransactionId);
        var choice = ChooseOutcome(reversal.ReversedAmount ?? entry?.Request.RequestedAmount ?? 0m);
        if (choice == SimulatedOutcome.Lose)
        {
            return new Reply.Drop();
        }

        if (entry is null)
        {
            return Json(header, new ReversalResponseBody(NexoOutcome.Failure("NotFound", "no such POITransactionID"), null));
        }

        var key = (requestHeader.SaleId ?? "", requestHeader.ServiceId ?? "");
        if (_reversals.ContainsKey(key))
        {
            return Json(header, new ReversalResponseBody(NexoOutcome.Failure("NotAllowed", "ServiceID already used"), null));
        }

        NexoOutcome outcome;
        if (entry.State != SimulatedState.Approved)
        {
            outcome = NexoOutcome.Failure("NotAllowed", $"transaction is {entry.State}");
        }
        else if (reversal.ReversedAmount is { } amount && amount != entry.Request.RequestedAmount)
        {
            outcome = NexoOutcome.Failure("NotAllowed", "partial reversal not simulated");
        }
        else
        {
            entry.State = SimulatedState.Reversed;
            outcome = NexoOutcome.Success;
        }

        var recorded = new ReversalEntry(
            _reversals.Count, requestHeader, reversal.SaleTransaction, entry.PoiTransaction, outcome.Result == NexoResult.Success ? entry.Request.RequestedAmount : null,
            outcome);
        _reversals[key] = recorded;
        entry.Reversals.Add(recorded);
        SimulatorLog.Simulator(_logger, Url, $"reversal {requestHeader.ServiceId} of {entry.PoiTransaction.TransactionId}: {outcome.Result} {outcome.ErrorCondition}");
        return choice switch
        {
            SimulatedOutcome.ApproveThenDisconnect => new Reply.Drop(),
            SimulatedOutcome.UnknownOutcome => new Reply.Garbled(NexoWriter.Write(new NexoResponse(header, recorded.Answer()))),
            _ => Json(header, recorded.Answer()),
        };
    }

    private Reply.Status Abort(AbortRequestBody abort)
    {
        if (_transactions.TryGetValue((abort.SaleId ?? "", abort.ServiceId ?? ""), out var entry) && entry.State == SimulatedState.InProgress)
        {
            entry.State = SimulatedState.Aborted;
            entry.Held.TrySetResult(Json(entry.Header.AsResponse() with { PoiId = _options.PoiId }, PaymentAnswer(entry)));
        }

        return new Reply.Status(200, "OK");
    }

    private SimulatedOutcome ChooseOutcome(decimal amount)
    {
        string cents = ((long)decimal.Round(amount * 100m)).ToString(CultureInfo.InvariantCulture);
        var match = _options.OutcomeByAmountEnding
            .Where(kv => cents.EndsWith(kv.Key, StringComparison.Ordinal))
            .OrderByDescending(kv => kv.Key.Length)
            .Select(kv => (SimulatedOutcome?)kv.Value)
            .FirstOrDefault();
        return match ?? _options.DefaultOutcome;
    }

    private PaymentResponseBody PaymentAnswer(Entry e)
    {
        NexoOutcome outcome = e.State switch
        {
            SimulatedState.Approved or SimulatedState.Reversed => NexoOutcome.Success with
            {
                Additional = AdditionalResponse.Of(("pspReference", e.PoiTransaction.TransactionId), ("cardSummary", "1111")),
            },
            SimulatedState.Declined => NexoOutcome.Failure("Refusal", "Not enough balance"),
            SimulatedState.Aborted => NexoOutcome.Failure("Aborted", "Cancelled by the sale system"),
            _ => NexoOutcome.Failure("InProgress"),
        };
        bool approved = outcome.Result == NexoResult.Success;
        return new PaymentResponseBody(outcome, e.Request.SaleTransaction, e.PoiTransaction, approved ? e.Request.RequestedAmount : null, e.Request.Currency,
            approved ? _options.PaymentBrand : null);
    }

    // What a real terminal sends in CardData; the driver must drop it.
    private const string MaskedPan = "411111******1111";

    private Reply.Json Json(MessageHeader header, NexoResponseBody body) => new(NexoWriter.Write(new NexoResponse(header, body), MaskedPan));

    private void ReleaseHeld()
    {
        lock (_gate)
        {
            foreach (var e in _transactions.Values)
            {
                e.Held.TrySetResult(new Reply.Drop());
            }
        }
    }

    private sealed class Entry(int sequence, MessageHeader header, PaymentRequestBody request, SimulatedOutcome outcome, TransactionReference poi, int queries)
    {
        public int Sequence { get; } = sequence;

        public MessageHeader Header { get; } = header;

        public PaymentRequestBody Request { get; } = request;

        public SimulatedOutcome Outcome { get; } = outcome;

        public TransactionReference PoiTransaction { get; } = poi;

        public SimulatedState State { get; set; }

        public int QueriesLeft { get; set; } = queries;

        public TaskCompletionSource<Reply> Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The reversals that named this payment, in order (persisted with it).</summary>
        public List<ReversalEntry> Reversals { get; } = [];

        public SimulatedTransaction Snapshot() => new(
            Header.SaleId ?? "", Header.ServiceId ?? "", Request.SaleTransaction.TransactionId, Request.RequestedAmount, Request.Currency, Outcome, State,
            PoiTransaction.TransactionId);
    }

    /// <summary>A recorded reversal: the request's header (its SaleID/ServiceID are the key), the payment it named, and the answer.</summary>
    private sealed class ReversalEntry(
        int sequence, MessageHeader header, TransactionReference? saleTransaction, TransactionReference original, decimal? reversedAmount, NexoOutcome outcome)
    {
        public int Sequence { get; } = sequence;

        public MessageHeader Header { get; } = header;

        public TransactionReference? SaleTransaction { get; } = saleTransaction;

        public TransactionReference Original { get; } = original;

        public decimal? ReversedAmount { get; } = reversedAmount;

        public NexoOutcome Outcome { get; } = outcome;

        public ReversalResponseBody Answer() => new(Outcome, Original, ReversedAmount);

        public SimulatedReversal Snapshot() => new(
            Header.SaleId ?? "", Header.ServiceId ?? "", SaleTransaction?.TransactionId, Original.TransactionId, ReversedAmount,
            Outcome.Result == NexoResult.Success, Outcome.ErrorCondition);
    }
}
