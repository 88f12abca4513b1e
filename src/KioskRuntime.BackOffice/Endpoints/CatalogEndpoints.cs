using System.Globalization;
using KioskRuntime.BackOffice.Access;
using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace KioskRuntime.BackOffice.Endpoints;

/// <summary>Catalog (with ETag / If-None-Match) and live stock.</summary>
internal static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/kiosks/{kioskId}/catalog", Catalog).Allow(AccessRule.OwnKioskOrAdmin);
        app.MapGet("/v1/kiosks/{kioskId}/stock", Stock).Allow(AccessRule.OwnKioskOrAdmin);
    }

    internal static ProductBody ToBody(CatalogProduct p) =>
        new(p.Gtin.Value, p.Sku, p.Name, p.Price, p.Currency, p.VatRate, p.Unit, DecimalText.FormatQuantity(p.Stock), p.AgeLimit);

    private static IResult Catalog(string kioskId, HttpContext context, BackOfficeStore store)
    {
        if (!KioskId.TryParse(kioskId, out _))
        {
            return KioskEndpoints.BadKioskId(kioskId);
        }

        var (version, products) = store.Catalog.GetCatalog();
        var versionText = version.ToString(CultureInfo.InvariantCulture);
        var etag = new EntityTagHeaderValue($"\"{versionText}\"");
        context.Response.Headers.ETag = etag.ToString();
        if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var presented)
            && presented.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Ok(new CatalogBody(versionText, products.Select(ToBody).ToList()));
    }

    private static IResult Stock(string kioskId, string? gtin, BackOfficeStore store, TimeProvider time)
    {
        if (!KioskId.TryParse(kioskId, out _))
        {
            return KioskEndpoints.BadKioskId(kioskId);
        }

        if (!Gtin.TryParse(gtin, out var parsed, out var error))
        {
            return Results.BadRequest(new ErrorBody("invalid", Reason: $"gtin: {error}"));
        }

        return store.Catalog.GetProduct(parsed.Value) is { } product
            ? Results.Ok(new StockBody(product.Gtin.Value, DecimalText.FormatQuantity(product.Stock), Rfc3339.Format(time.GetUtcNow())))
            : Results.NotFound(new ErrorBody("unknown-product", Reason: $"no product with gtin {parsed.Value}"));
    }
}
