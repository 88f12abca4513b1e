using System.Text.Json;

namespace KioskRuntime.BackOffice.Endpoints;

// Wire shapes of the contract and the admin views. Serialised camelCase; null members are left out.
internal sealed record ErrorBody(string Error, long? Seq = null, long? ExpectedSeq = null, string? Reason = null);

internal sealed record PushBody(long LastSeq, IReadOnlyList<ResultBody> Results);

internal sealed record ResultBody(long Seq, string Status, string? Reason);

internal sealed record CursorBody(long LastSeq, string LastHash);

internal sealed record CatalogBody(string Version, IReadOnlyList<ProductBody> Products);

internal sealed record ProductBody(string Gtin, string Sku, string Name, string Price, string Currency, string VatRate, string Unit, string Stock, int? AgeLimit);

internal sealed record StockBody(string Gtin, string Stock, string AsOf);

internal sealed record StoredEventsBody(string KioskId, IReadOnlyList<StoredEventBody> Events, long? NextFromSeq);

internal sealed record StoredEventBody(long Seq, string Status, string? Reason, string ReceivedAt, JsonElement Event);

internal sealed record KiosksBody(IReadOnlyList<KioskBody> Kiosks);

internal sealed record KioskBody(string KioskId, long LastSeq, string LastHash);

internal sealed record NegativeStockBody(IReadOnlyList<ProductBody> NegativeStock);

internal sealed record FaultRulesBody(IReadOnlyList<FaultRuleBody> Rules);

internal sealed record FaultRuleBody(string Match, string Fault, int? Status, int? RetryAfter, int? DelayMs, double Probability, int? Count, int? Seed, int? Remaining);

internal sealed record RecallBody(string Gtin, string Lot, IReadOnlyList<Storage.LotSale> Sales);
