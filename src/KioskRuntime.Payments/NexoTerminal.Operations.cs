using KioskRuntime.Devices;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Payments;

public sealed partial class NexoTerminal
{
    /// <summary>
    /// Asks the terminal to charge <see cref="PaymentRequest.Amount"/>. Never throws for terminal or network faults: a request that
    /// certainly did not leave is Declined with a <c>NotSent:</c> reason; one that may have left without an answer is Unknown (ask
    /// <see cref="GetStatusAsync"/>). Cancelling sends an AbortRequest on a second connection and still waits up to
    /// <see cref="NexoTerminalOptions.AbortGrace"/> for the payment's own answer, which may be an approval that won the race; the
    /// result is returned, never an exception, so an approval is never dropped.
    /// </summary>
    public async Task<PaymentResult> PayAsync(PaymentRequest request, IProgress<PaymentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateIds(request.TransactionId, request.ServiceId);
        ValidateAmount(request.Amount, request.Currency);

        if (cancellationToken.IsCancellationRequested)
        {
            return Finish("payment", request.TransactionId, new PaymentResult(PaymentResultKind.Cancelled, null, null, null, "NotSent: cancelled before sending"));
        }

        if (!TryGetTransport(out var transport, out string? problem))
        {
            return Finish("payment", request.TransactionId, new PaymentResult(PaymentResultKind.Declined, null, null, null, $"NotSent: {problem}"));
        }

        var nexo = new NexoRequest(
            Header("Payment", request.ServiceId),
            new PaymentRequestBody(new TransactionReference(request.TransactionId, _time.GetUtcNow()), request.Currency, request.Amount));
        Interlocked.Increment(ref _inFlight);
        SetStatus(DeviceState.Busy, $"payment {request.TransactionId}");
        using var deadline = new CancellationTokenSource(_options.PaymentTimeout, _time);
        int aborted = 0;
        bool reachable = true;
        using var onCancel = cancellationToken.Register(() =>
        {
            if (Interlocked.Exchange(ref aborted, 1) == 0)
            {
                deadline.CancelAfter(_options.AbortGrace);
                _ = AbortAsync(transport, request.ServiceId);
            }
        });
        try
        {
            PaymentsLog.PaymentSent(_logger, Name, request.TransactionId, request.ServiceId, request.Amount, request.Currency);
            progress?.Report(new PaymentProgress("Follow the instructions on the payment terminal"));
            var exchange = await transport.ExchangeAsync(nexo, deadline.Token).ConfigureAwait(false);
            reachable = exchange is not NexoExchange.NotSent;
            PaymentResult result = exchange switch
            {
                NexoExchange.Answered { Response.Body: PaymentResponseBody body } a when Echoes(a.Response.Header, request.ServiceId) =>
                    NexoResultMapper.FromPayment(body, request.Amount),
                NexoExchange.Answered a => NexoResultMapper.Unknown(
                    $"Mismatch: answer for {a.Response.Header.MessageCategory} ServiceID {a.Response.Header.ServiceId}, not payment {request.ServiceId}", null),
                NexoExchange.NotSent n => new PaymentResult(PaymentResultKind.Declined, null, null, null, $"NotSent: {n.Reason}"),
                NexoExchange.Lost l => NexoResultMapper.Unknown($"Lost: {l.Reason}; ask the terminal for the status", null),
                _ => NexoResultMapper.Unknown("Lost: the terminal acknowledged without an answer; ask for the status", null),
            };
            return Finish("payment", request.TransactionId, result);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                SetStatus(reachable ? DeviceState.Ready : DeviceState.Disconnected, reachable ? _options.Url.Authority : $"no connection to {_options.Url.Authority}");
            }
        }
    }

    /// <summary>
    /// nexo TransactionStatus for an earlier payment, by the ids the kiosk journaled. Approved/Declined/Cancelled when the terminal
    /// repeats the original answer; Unknown with reason <c>NotFound:</c> when it has no record (not proof of "not charged"),
    /// <c>InProgress:</c> while it still works on it, <c>Lost:</c>/<c>NotSent:</c> when it cannot be asked.
    /// </summary>
    public Task<PaymentResult> GetStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken) =>
        StatusAsync("Payment", transactionId, serviceId, body => NexoResultMapper.FromStatus(body, transactionId), cancellationToken);

    /// <summary>
    /// nexo TransactionStatus for an earlier reversal: MessageReference.MessageCategory <c>Reversal</c> and the reversal's own ServiceID
    /// (<see cref="ReversalRequest.ServiceId"/>). Approved: reversed; Declined: the terminal refused it; Unknown with <c>NotFound:</c>,
    /// <c>InProgress:</c>, <c>Lost:</c>, <c>NotSent:</c> or <c>Mismatch:</c> (the terminal repeated something other than that reversal).
    /// </summary>
    public Task<PaymentResult> GetReversalStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken) =>
        StatusAsync("Reversal", transactionId, serviceId, body => NexoResultMapper.FromReversalStatus(body, serviceId), cancellationToken);

    private async Task<PaymentResult> StatusAsync(
        string category, string transactionId, string serviceId, Func<TransactionStatusResponseBody, PaymentResult> map, CancellationToken cancellationToken)
    {
        ValidateIds(transactionId, serviceId);
        string operation = category == "Payment" ? "status" : $"{category.ToLowerInvariant()} status";
        if (!TryGetTransport(out var transport, out string? problem))
        {
            return Finish(operation, transactionId, NexoResultMapper.Unknown($"NotSent: {problem}", null));
        }

        var nexo = new NexoRequest(Header("TransactionStatus", NexoServiceId.New()), new TransactionStatusRequestBody(category, _options.SaleId, serviceId));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeout = new CancellationTokenSource(_options.StatusTimeout, _time);
        using var link = timeout.Token.Register(deadline.Cancel);
        var exchange = await transport.ExchangeAsync(nexo, deadline.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        PaymentResult result = exchange switch
        {
            NexoExchange.Answered { Response.Body: TransactionStatusResponseBody body } a when Echoes(a.Response.Header, nexo.Header.ServiceId!) => map(body),
            NexoExchange.Answered a => NexoResultMapper.Unknown($"Mismatch: answer for {a.Response.Header.MessageCategory}, not TransactionStatus", null),
            NexoExchange.NotSent n => NexoResultMapper.Unknown($"NotSent: {n.Reason}", null),
            NexoExchange.Lost l => NexoResultMapper.Unknown($"Lost: {l.Reason}", null),
            _ => NexoResultMapper.Unknown("Lost: empty answer to a status request", null),
        };
        return Finish(operation, transactionId, result);
    }

    /// <summary>
    /// Reverses an approved payment (nexo ReversalRequest by POITransactionID; Adyen's referenced refund, full amount by default), sent
    /// under <see cref="ReversalRequest.ServiceId"/> so that <see cref="GetReversalStatusAsync"/> can find it. Approved means reversed;
    /// Declined means the terminal refused (or, with a <c>NotSent:</c> reason, never got it); Unknown means ask for the reversal status.
    /// </summary>
    public async Task<PaymentResult> ReverseAsync(ReversalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateIds(request.TransactionId, request.ServiceId);
        ArgumentException.ThrowIfNullOrEmpty(request.TerminalReference);
        ValidateAmount(request.Amount, request.Currency);
        string reference = request.TerminalReference;
        if (!TryGetTransport(out var transport, out string? problem))
        {
            return Finish("reversal", request.TransactionId, new PaymentResult(PaymentResultKind.Declined, null, reference, null, $"NotSent: {problem}"));
        }

        // The original POITransactionID's TimeStamp is not kept by the contract; Adyen finds the transaction by its id.
        var now = _time.GetUtcNow();
        var nexo = new NexoRequest(
            Header("Reversal", request.ServiceId),
            new ReversalRequestBody(new TransactionReference(reference, now), "MerchantCancel", request.Amount, request.Currency,
                new TransactionReference(request.TransactionId, now)));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeout = new CancellationTokenSource(_options.StatusTimeout, _time);
        using var link = timeout.Token.Register(deadline.Cancel);
        PaymentsLog.ReversalSent(_logger, Name, request.TransactionId, request.ServiceId, reference, request.Amount, request.Currency);
        var exchange = await transport.ExchangeAsync(nexo, deadline.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        PaymentResult result = exchange switch
        {
            NexoExchange.Answered { Response.Body: ReversalResponseBody body } a when Echoes(a.Response.Header, request.ServiceId) =>
                NexoResultMapper.FromReversal(body, reference, request.Amount),
            NexoExchange.Answered a => NexoResultMapper.Unknown(
                $"Mismatch: answer for {a.Response.Header.MessageCategory} ServiceID {a.Response.Header.ServiceId}, not reversal {request.ServiceId}", reference),
            NexoExchange.NotSent n => new PaymentResult(PaymentResultKind.Declined, null, reference, null, $"NotSent: {n.Reason}"),
            NexoExchange.Lost l => NexoResultMapper.Unknown($"Lost: {l.Reason}; ask the terminal for the reversal status", reference),
            _ => NexoResultMapper.Unknown("Lost: empty answer to a reversal; ask the terminal for the reversal status", reference),
        };
        return Finish("reversal", request.TransactionId, result);
    }

    private async Task AbortAsync(NexoTransport transport, string serviceId)
    {
        var abort = new NexoRequest(Header("Abort", NexoServiceId.New()), new AbortRequestBody("Payment", _options.SaleId, serviceId, "MerchantAbort"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        try
        {
            var exchange = await transport.ExchangeAsync(abort, timeout.Token).ConfigureAwait(false);
            if (exchange is NexoExchange.NotSent or NexoExchange.Lost)
            {
                PaymentsLog.AbortFailed(_logger, Name, serviceId, exchange.ToString());
            }
        }
        catch (ObjectDisposedException)
        {
            PaymentsLog.AbortFailed(_logger, Name, serviceId, "driver disposed");
        }
    }

    private MessageHeader Header(string category, string serviceId) =>
        new("Service", category, "Request", serviceId, _options.SaleId, _options.PoiId);

    private bool Echoes(MessageHeader response, string serviceId) =>
        response.ServiceId == serviceId && (response.SaleId is null || response.SaleId == _options.SaleId);

    private PaymentResult Finish(string operation, string transactionId, PaymentResult result)
    {
        PaymentsLog.Outcome(_logger, Name, operation, transactionId, result.Kind, result.CardBrand, result.Reason);
        return result;
    }

    private static void ValidateAmount(decimal amount, string currency)
    {
        if (amount <= 0 || decimal.Round(amount, 2) != amount)
        {
            throw new ArgumentException($"amount {amount} must be positive with at most 2 decimals", nameof(amount));
        }

        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"currency '{currency}' is not an ISO 4217 code", nameof(currency));
        }
    }

    private static void ValidateIds(string transactionId, string serviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionId);
        if (!NexoServiceId.IsValid(serviceId))
        {
            throw new ArgumentException(
                $"ServiceID '{serviceId}' must be 1-10 ASCII letters or digits (use NexoServiceId.New() and journal it before paying)", nameof(serviceId));
        }
    }
}
