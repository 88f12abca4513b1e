using System.Globalization;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Payments.Simulator;

public sealed partial class NexoTerminalSimulator
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SaleId, string ServiceId), Entry> _transactions = [];
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
            PaymentsLog.Simulator(_logger, Url, $"rejected a request: {ex.Message}");
            return new Reply.Status(400, "Bad Request");
        }

        var header = request.Header.AsResponse() with { PoiId = _options.PoiId };
        string? payment = (request.Body as PaymentRequestBody)?.SaleTransaction.TransactionId;
        if (payment is not null)
        {
            _options.PaymentStep?.Invoke(SimulatorStep.Received, payment);
        }

        Reply reply;
        bool recorded;
        lock (_gate)
        {
            int before = _transactions.Count;
            reply = request.Body switch
            {
                PaymentRequestBody pay => Pay(request.Header, header, pay),
                TransactionStatusRequestBody status => Status(header, status),
                ReversalRequestBody reversal => Reverse(header, reversal),
                AbortRequestBody abort => Abort(abort),
                _ => new Reply.Status(400, "Bad Request"),
            };
            Persist();
            recorded = _transactions.Count > before;
        }

        if (payment is not null && recorded)
        {
            _options.PaymentStep?.Invoke(SimulatorStep.Decided, payment);
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
        PaymentsLog.Simulator(_logger, Url, $"payment {pay.SaleTransaction.TransactionId} {pay.RequestedAmount.ToString(CultureInfo.InvariantCulture)} {pay.Currency}: {outcome}");
        return outcome switch
        {
            SimulatedOutcome.Approve or SimulatedOutcome.Decline => Json(header, PaymentAnswer(entry)),
            SimulatedOutcome.ApproveThenDisconnect => new Reply.Drop(),
            SimulatedOutcome.UnknownOutcome => new Reply.Garbled(NexoWriter.Write(new NexoResponse(header, PaymentAnswer(entry)), MaskedPan)),
            _ => new Reply.Held(entry.Held.Task),
        };
    }

    private Reply Status(MessageHeader header, TransactionStatusRequestBody status)
    {
        var key = (status.SaleId ?? header.SaleId ?? "", status.ServiceId ?? "");
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

    private Reply Reverse(MessageHeader header, ReversalRequestBody reversal)
    {
        var entry = _transactions.Values.FirstOrDefault(e => e.PoiTransaction.TransactionId == reversal.OriginalPoiTransaction.TransactionId);
        NexoOutcome outcome;
        if (entry is null)
        {
            outcome = NexoOutcome.Failure("NotFound", "no such POITransactionID");
        }
        else if (entry.State != SimulatedState.Approved)
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

        return Json(header, new ReversalResponseBody(outcome, entry?.PoiTransaction));
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

        public SimulatedTransaction Snapshot() => new(
            Header.SaleId ?? "", Header.ServiceId ?? "", Request.SaleTransaction.TransactionId, Request.RequestedAmount, Request.Currency, Outcome, State,
            PoiTransaction.TransactionId);
    }
}
