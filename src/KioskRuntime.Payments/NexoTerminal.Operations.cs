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
        if (request.Amount <= 0 || decimal.Round(request.Amount, 2) != request.Amount)
        {
            throw new ArgumentException($"amount {request.Amount} must be positive with at most 2 decimals", nameof(request));
        }

        if (request.Currency is not { Length: 3 } || !request.Currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"currency '{request.Currency}' is not an ISO 4217 code", nameof(request));
        }

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
    public async Task<PaymentResult> GetStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken)
    {
        ValidateIds(transactionId, serviceId);
        if (!TryGetTransport(out var transport, out string? problem))
        {
            return Finish("status", transactionId, NexoResultMapper.Unknown($"NotSent: {problem}", null));
        }

        var nexo = new NexoRequest(Header("TransactionStatus", NexoServiceId.New()), new TransactionStatusRequestBody("Payment", _options.SaleId, serviceId));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeout = new CancellationTokenSource(_options.StatusTimeout, _time);
        using var link = timeout.Token.Register(deadline.Cancel);
        var exchange = await transport.ExchangeAsync(nexo, deadline.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        PaymentResult result = exchange switch
        {
            NexoExchange.Answered { Response.Body: TransactionStatusResponseBody body } a when Echoes(a.Response.Header, nexo.Header.ServiceId!) =>
                NexoResultMapper.FromStatus(body, transactionId),
            NexoExchange.Answered a => NexoResultMapper.Unknown($"Mismatch: answer for {a.Response.Header.MessageCategory}, not TransactionStatus", null),
            NexoExchange.NotSent n => NexoResultMapper.Unknown($"NotSent: {n.Reason}", null),
            NexoExchange.Lost l => NexoResultMapper.Unknown($"Lost: {l.Reason}", null),
            _ => NexoResultMapper.Unknown("Lost: empty answer to a status request", null),
        };
        return Finish("status", transactionId, result);
    }

    /// <summary>
    /// Reverses an approved payment (nexo ReversalRequest by POITransactionID; Adyen's referenced refund, full amount by default).
    /// Approved means reversed; Declined means the terminal refused; Unknown means ask again.
    /// </summary>
    public async Task<PaymentResult> ReverseAsync(string terminalReference, decimal amount, string currency, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(terminalReference);
        if (!TryGetTransport(out var transport, out string? problem))
        {
            return Finish("reversal", terminalReference, new PaymentResult(PaymentResultKind.Declined, null, terminalReference, null, $"NotSent: {problem}"));
        }

        // The original POITransactionID's TimeStamp is not kept by the contract; Adyen finds the transaction by its id.
        var nexo = new NexoRequest(
            Header("Reversal", NexoServiceId.New()),
            new ReversalRequestBody(new TransactionReference(terminalReference, _time.GetUtcNow()), "MerchantCancel", amount, currency));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeout = new CancellationTokenSource(_options.StatusTimeout, _time);
        using var link = timeout.Token.Register(deadline.Cancel);
        var exchange = await transport.ExchangeAsync(nexo, deadline.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        PaymentResult result = exchange switch
        {
            NexoExchange.Answered { Response.Body: ReversalResponseBody body } => NexoResultMapper.FromReversal(body, terminalReference, amount),
            NexoExchange.Answered a => NexoResultMapper.Unknown($"Mismatch: answer for {a.Response.Header.MessageCategory}, not Reversal", terminalReference),
            NexoExchange.NotSent n => new PaymentResult(PaymentResultKind.Declined, null, terminalReference, null, $"NotSent: {n.Reason}"),
            NexoExchange.Lost l => NexoResultMapper.Unknown($"Lost: {l.Reason}", terminalReference),
            _ => NexoResultMapper.Unknown("Lost: empty answer to a reversal", terminalReference),
        };
        return Finish("reversal", terminalReference, result);
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
