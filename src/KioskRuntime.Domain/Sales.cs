using KioskRuntime.Contract;

namespace KioskRuntime.Domain;

/// <summary>A payment as taken: method (<c>card</c>, <c>cash</c>, <c>voucher</c>), amount, and for cards the terminal's reference and brand.</summary>
public sealed record Payment(string Method, Money Amount, string? TerminalReference, string? CardBrand);

/// <summary>Builds the contract payloads from the cart. Pure.</summary>
public static class SaleComposer
{
    public static SalePayload ComposeSale(Cart cart, long receiptNo, string currency, IReadOnlyList<Payment> payments, string? registerId)
    {
        ArgumentNullException.ThrowIfNull(cart);
        if (cart.IsEmpty)
        {
            throw new InvalidOperationException("An empty cart cannot be sold.");
        }

        var paid = payments.Aggregate(Money.Zero, (s, p) => s + p.Amount);
        if (paid != cart.Total)
        {
            throw new InvalidOperationException($"Payments ({paid}) do not equal the cart total ({cart.Total}).");
        }

        return new SalePayload(
            receiptNo,
            currency,
            cart.Lines.Select(ToLine).ToList(),
            cart.Total.ToContractString(),
            ToVat(cart.VatBreakdown()),
            payments.Select(ToPayment).ToList(),
            registerId);
    }

    public static SaleLinePayload ToLine(CartLine l) => new(
        l.Product.Gtin.ToString(),
        l.Product.Name,
        ContractFormat.Quantity(l.Quantity),
        l.UnitPrice.ToContractString(),
        l.Product.VatRate.ToContractString(),
        l.LineTotal.ToContractString(),
        ContractFormat.UnitToContract(l.Product.Unit),
        l.Trace?.Lot,
        l.Trace?.Serial,
        LineTrace.ContractDate(l.Trace?.UseBy),
        LineTrace.ContractDate(l.Trace?.BestBefore),
        LineTrace.ContractDate(l.Trace?.SellBy),
        l.Trace?.NetWeightKg is { } kg ? ContractFormat.Quantity(kg) : null);

    public static IReadOnlyList<VatPayload> ToVat(IEnumerable<VatLine> vat) =>
        vat.Select(v => new VatPayload(v.Rate.ToContractString(), v.Base.ToContractString(), v.Amount.ToContractString())).ToList();

    /// <summary>VAT per rate of contract lines (for sales rebuilt from a journaled intent, and for returns).</summary>
    public static IReadOnlyList<VatPayload> VatOf(IEnumerable<SaleLinePayload> lines) =>
        ToVat(Vat.Breakdown(lines.Select(l => (VatRate.Parse(l.VatRate), Money.Parse(l.LineTotal)))));

    public static PaymentPayload ToPayment(Payment p) => new(p.Method, p.Amount.ToContractString(), p.TerminalReference, p.CardBrand);

    /// <summary>The stock change a sale causes: minus the quantity sold, per GTIN.</summary>
    public static IReadOnlyDictionary<string, decimal> StockDeltas(SalePayload sale, int sign = -1)
    {
        var deltas = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in sale.Lines)
        {
            ContractDecimal.TryParseSigned(line.Qty, out var q);
            deltas[line.Gtin] = deltas.GetValueOrDefault(line.Gtin) + (sign * q);
        }

        return deltas;
    }
}
