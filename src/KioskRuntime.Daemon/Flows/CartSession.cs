using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.Gs1;
using KioskRuntime.Control;
using KioskRuntime.Daemon.Rules;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// The customer's cart session: a scan becomes a cart line here (<see cref="ScanAsync"/> → <see cref="AddProductAsync"/>). Duplicate
/// reads are dropped (<see cref="DuplicateScanWindow"/>); the control barcodes check out, cancel, or ask for staff mode; a receipt's
/// return code goes to <see cref="ReturnsFlow"/>; in staff mode every scan goes to <see cref="StaffMode"/>. Owns the cart and the
/// published <see cref="CartView"/> (written by the loop, read from any thread).
/// </summary>
internal sealed class CartSession(
    KioskJournal journal,
    HardwareProfile profile,
    IReadOnlyList<IDevice> devices,
    StaffMode staff,
    ReturnsFlow returns,
    CheckoutFlow checkout,
    CustomerFeedback feedback,
    TimeProvider time,
    ILogger<CartSession> logger)
{
    private readonly Cart _cart = new();
    private readonly DuplicateScanWindow _duplicates = new(profile.DuplicateScanWindow, time);
    private readonly BarcodeInterpreter _interpreter = new(profile.VariableMeasure);
    private readonly TimeZoneInfo _shopTime = TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZone);
    private volatile CartView _view = new([], "0.00", "sale");
    private volatile IReadOnlyList<(string Rate, string Amount)> _vat = [];

    /// <summary>The cart as last published (thread-safe).</summary>
    public CartView View => _view;

    /// <summary>The VAT in the published sale cart, per rate (thread-safe; empty in staff mode and returns).</summary>
    public IReadOnlyList<(string Rate, string Amount)> VatView => _vat;

    /// <summary>
    /// Adds a product the customer chose on the screen (a PLU look-up, loose goods): by the catalog's GTIN, with the weight in kg for
    /// goods sold by weight (typed or from a scale). The same rules as a scan: not in staff mode, not during a return.
    /// </summary>
    public async Task<ScanOutcome> AddChosenAsync(string gtinText, decimal? weightKg, CancellationToken ct)
    {
        var code = new ScannedCode(gtinText, null, "screen", time.GetUtcNow());
        if (staff.Session is not null || returns.Current is not null)
        {
            var busy = staff.Session is not null ? "staff mode is on: scan goods instead" : "a return is in progress: check out or cancel it first";
            var refused = await feedback.RejectAsync(code, busy, ct).ConfigureAwait(false);
            return new ScanOutcome(false, refused.Message, Publish());
        }

        if (!Gtin.TryParse(gtinText, out var gtin, out var gtinError))
        {
            var refused = await feedback.RejectAsync(code, $"'{gtinText}' is not a product number: {gtinError}", ct).ConfigureAwait(false);
            return new ScanOutcome(false, refused.Message, Publish());
        }

        var (product, _, error) = Resolve(gtin, (_, _) => null);
        string? why = error ?? (product!.Unit, weightKg) switch
        {
            (SalesUnit.Kilograms, null or <= 0m) => $"{product.Name} is sold by weight: put it on the scale or type the weight",
            (SalesUnit.Kilograms, > 50m) => $"{weightKg} kg is more than one item can weigh here (50 kg)",
            (not SalesUnit.Kilograms, not null) => $"{product.Name} is sold by the piece, not by weight",
            _ => null,
        };
        if (why is not null)
        {
            var refused = await feedback.RejectAsync(code, why, ct).ConfigureAwait(false);
            return new ScanOutcome(false, refused.Message, Publish());
        }

        var line = product!.Unit == SalesUnit.Kilograms ? _cart.AddWeighed(product, decimal.Round(weightKg!.Value, 3)) : _cart.AddPieces(product);
        logger.LogInformation("Added {Name} ({Gtin}) x {Qty} from the screen: cart {Lines} line(s), total {Total}", product.Name, product.Gtin, line.Quantity, _cart.Lines.Count, _cart.Total);
        var n = CustomerFeedback.Norwegian;
        await feedback.ShowAsync(CustomerFeedback.Fit(product.Name), $"{line.LineTotal.Amount.ToString("N2", n)}  Sum {_cart.Total.Amount.ToString("N2", n)}", ct).ConfigureAwait(false);
        return new ScanOutcome(true, $"added {product.Name}", Publish());
    }

    /// <summary>A customer's cart or a return is open.</summary>
    public bool CustomerBusy => !_cart.IsEmpty || returns.Current is not null;

    public async Task<ScanOutcome> ScanAsync(ScannedCode code, CancellationToken ct)
    {
        var data = code.Data.Trim();
        if (_duplicates.IsDuplicate(data))
        {
            return new ScanOutcome(false, "duplicate scan ignored", _view);
        }

        await staff.EndIfIdleAsync(ct).ConfigureAwait(false);
        var answer = await RouteAsync(code, data, ct).ConfigureAwait(false);
        return new ScanOutcome(answer.Ok, answer.Message, Publish());
    }

    public async Task<CheckoutOutcome> CheckoutAsync(CancellationToken ct)
    {
        var outcome = returns.Current is not null
            ? await returns.CheckoutAsync(ct).ConfigureAwait(false)
            : await checkout.CheckoutAsync(_cart, ct).ConfigureAwait(false);
        Publish();
        return outcome;
    }

    public async Task<ScanOutcome> CancelAsync(CancellationToken ct)
    {
        _cart.Clear();
        returns.Cancel();
        Publish();
        await feedback.ShowIdleAsync(ct).ConfigureAwait(false);
        return new ScanOutcome(true, "cart cleared", _view);
    }

    /// <summary>Publishes what <c>kioskctl status</c> shows as the cart: goods receiving in staff mode, else the sale or the return.</summary>
    public CartView Publish()
    {
        var receiving = staff.Session;
        var returning = returns.Current;
        _view = receiving is not null
            ? new CartView(
                staff.Receiving.Select(r => new CartLineView(r.Gtin.ToString(), r.Name, ContractFormat.Quantity(r.Quantity), "0.00", "0.00")).ToList(),
                "0.00",
                $"staff: goods receiving by {receiving.Card.Id}")
            : new CartView(
                _cart.Lines.Select(l => new CartLineView(l.Product.Gtin.ToString(), l.Product.Name, ContractFormat.Quantity(l.Quantity), l.UnitPrice.ToContractString(), l.LineTotal.ToContractString())).ToList(),
                returning is null ? _cart.Total.ToContractString() : returning.Total.ToContractString(),
                returning switch
                {
                    null => "sale",
                    { ApprovedBy: { } by } => $"return of receipt {returning.OriginalReceiptNo}, approved by {by}",
                    _ => $"return of receipt {returning.OriginalReceiptNo}",
                });
        _vat = receiving is null && returning is null
            ? _cart.VatBreakdown().Select(v => (ContractFormat.Quantity(v.Rate.Percent), v.Amount.ToContractString())).ToList()
            : [];
        return _view;
    }

    private async Task<FlowAnswer> RouteAsync(ScannedCode code, string data, CancellationToken ct)
    {
        if (staff.Session is not null)
        {
            return await staff.ScanAsync(code, data, ct).ConfigureAwait(false);
        }

        if (data == profile.ControlBarcodes.Staff)
        {
            var how = devices.OfType<ICardReader>().Any() ? "present a staff card to the reader" : "this kiosk has no card reader for staff mode";
            return await feedback.RejectAsync(code, $"staff mode: {how}", ct).ConfigureAwait(false);
        }

        if (data == profile.ControlBarcodes.Checkout)
        {
            var result = await CheckoutAsync(ct).ConfigureAwait(false);
            return new FlowAnswer(result.Succeeded, result.Message);
        }

        if (data == profile.ControlBarcodes.Cancel)
        {
            var cleared = await CancelAsync(ct).ConfigureAwait(false);
            return new FlowAnswer(cleared.Accepted, cleared.Message);
        }

        if (ReturnCode.TryParse(data, out var kioskId, out var receiptNo, out var token))
        {
            return await returns.StartAsync(code, kioskId, receiptNo, token, !_cart.IsEmpty, ct).ConfigureAwait(false);
        }

        if (ReturnCode.LooksLikeReturnCode(data))
        {
            logger.LogWarning("Malformed return code scanned on {Source}", code.Source);
            return await feedback.RejectAsync(code, "this is not a valid return code", ct).ConfigureAwait(false);
        }

        if (returns.Current is not null)
        {
            return GtinOf(data, code.SymbologyId) is { } gtin
                ? await returns.ScanBackAsync(code, gtin, ct).ConfigureAwait(false)
                : await feedback.RejectAsync(code, "a return is in progress: scan the items of the receipt, check out or cancel", ct).ConfigureAwait(false);
        }

        return await AddProductAsync(code, data, ct).ConfigureAwait(false);
    }

    /// <summary>Where a scanner report becomes a cart line: the code is read, the product looked up in the local catalog, the line added.</summary>
    private async Task<FlowAnswer> AddProductAsync(ScannedCode code, string data, CancellationToken ct)
    {
        var reading = _interpreter.Interpret(data, code.SymbologyId);
        if (reading is Gs1Code { ElementString: { Gtin: { } gs1Gtin } es })
        {
            return await AddGs1Async(code, es, gs1Gtin, ct).ConfigureAwait(false);
        }

        var (product, add, error) = reading switch
        {
            ProductCode p => Resolve(p.Gtin, (prod, cart) => prod.Unit == SalesUnit.Kilograms ? null : cart.AddPieces(prod)),
            VariableMeasureCode v => Resolve(v.ItemKey, (prod, cart) =>
                v.WeightKg is { } kg ? cart.AddWeighed(prod, kg) : v.PriceKroner is { } kr ? cart.AddPriced(prod, Money.Of(kr)) : null),
            Gs1Code => (null, null, "the GS1 code carries no GTIN (AI 01)"),
            InvalidCode bad => (null, null, bad.Reason),
            _ when code.SymbologyId is [']', 'Q' or 'd' or 'z', ..] => (null, null, Gs1ElementString.NotAProductCode),
            _ => (null, null, $"'{data}' is not a product barcode"),
        };

        if (error is not null || product is null || add is null)
        {
            return await feedback.RejectAsync(code, error ?? "cannot add this item", ct).ConfigureAwait(false);
        }

        var line = add(product, _cart);
        if (line is null)
        {
            var why = product.Unit == SalesUnit.Kilograms ? $"{product.Name} is sold by weight: scan the label from the scale" : $"{product.Name} cannot be added from this barcode";
            return await feedback.RejectAsync(code, why, ct).ConfigureAwait(false);
        }

        return await AddedAsync(code, product, line, ct).ConfigureAwait(false);
    }

    /// <summary>A GS1 code with a GTIN: dates, weight, price and lot decided by <see cref="Gs1SaleRules"/>; a reported refusal is journaled first.</summary>
    private async Task<FlowAnswer> AddGs1Async(ScannedCode code, Gs1ElementString es, Gtin gtin, CancellationToken ct)
    {
        var (product, _, error) = Resolve(gtin, (_, _) => null);
        if (product is null)
        {
            return await feedback.RejectAsync(code, error ?? "cannot add this item", ct).ConfigureAwait(false);
        }

        var localNow = TimeZoneInfo.ConvertTime(time.GetUtcNow(), _shopTime);
        var decision = Gs1SaleRules.Decide(es, product, _cart, profile.Gs1, profile.Currency, localNow);
        if (decision.Add is null)
        {
            if (decision.Report is { } rule)
            {
                var payload = new ScanRejectedPayload(
                    gtin.ToString(), product.Name, rule, decision.Refusal!, LineTrace.ContractDate(decision.Date), decision.Trace.Lot, decision.Trace.Serial, code.Source);
                await journal.CommitAsync(
                    new JournalWrite([new NewEvent(EventTypes.ScanRejected, EventJson.Serialize(payload), time.GetUtcNow())], null), ct).ConfigureAwait(false);
                logger.LogWarning("Refused {Name} ({Gtin}) by rule {Rule}: {Reason}; journaled for the waste report", product.Name, gtin, rule, decision.Refusal);
            }

            return await feedback.RejectAsync(code, decision.Refusal ?? "cannot add this item", ct).ConfigureAwait(false);
        }

        return await AddedAsync(code, product, decision.Add(_cart), ct).ConfigureAwait(false);
    }

    private async Task<FlowAnswer> AddedAsync(ScannedCode code, Product product, CartLine line, CancellationToken ct)
    {
        Publish();
        await feedback.SignalAsync(code.Source, ScanFeedback.GoodRead, ct).ConfigureAwait(false);
        var n = CustomerFeedback.Norwegian;
        await feedback.ShowAsync(CustomerFeedback.Fit(product.Name), $"{line.LineTotal.Amount.ToString("N2", n)}  Sum {_cart.Total.Amount.ToString("N2", n)}", ct).ConfigureAwait(false);
        logger.LogInformation("Added {Name} ({Gtin}) x {Qty}: cart {Lines} line(s), total {Total}", product.Name, product.Gtin, line.Quantity, _cart.Lines.Count, _cart.Total);
        return new FlowAnswer(true, $"added {product.Name}");
    }

    /// <summary>The product a barcode names (a GTIN, a variable measure label's item, a GS1 string's AI 01), or null.</summary>
    private Gtin? GtinOf(string data, string? symbologyId) => _interpreter.Interpret(data, symbologyId) switch
    {
        ProductCode p => p.Gtin,
        VariableMeasureCode v => v.ItemKey,
        Gs1Code g => g.ElementString.Gtin,
        _ => null,
    };

    private (Product? Product, Func<Product, Cart, CartLine?>? Add, string? Error) Resolve(Gtin gtin, Func<Product, Cart, CartLine?> add)
    {
        var doc = journal.GetState<CatalogDocument>(StateCollections.Catalog, gtin.ToString());
        if (doc is null)
        {
            return (null, null, $"unknown product {gtin}: not in the local catalog");
        }

        return doc.TryToProduct(out var product, out var error) ? (product, add, null) : (null, null, $"catalog entry is broken: {error}");
    }
}
