using System.Globalization;
using System.Text.Json.Nodes;
using KioskRuntime.RackbeatSimulator.Account;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.RackbeatSimulator.Endpoints;

/// <summary>Rackbeat's list answers: <c>206 Partial Content</c> with <c>{key: [...], total, pages, limit, page}</c> (facts #24).</summary>
internal static class Listing
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1000;

    public static Task PageAsync(HttpContext context, string key, IReadOnlyList<JsonObject> items)
    {
        var limit = Int(context, "limit") ?? DefaultLimit;
        var page = Int(context, "page") ?? 1;
        if (limit is < 1 or > MaxLimit)
        {
            throw RackbeatError.Invalid("limit", string.Create(CultureInfo.InvariantCulture, $"The limit must be between 1 and {MaxLimit}."));
        }

        if (page < 1)
        {
            throw RackbeatError.Invalid("page", "The page must be at least 1.");
        }

        var pages = Math.Max(1, (items.Count + limit - 1) / limit);
        var body = new JsonObject
        {
            [key] = new JsonArray([.. items.Skip((page - 1) * limit).Take(limit).Select(i => (JsonNode)i)]),
            ["total"] = items.Count,
            ["pages"] = pages,
            ["limit"] = limit,
            ["page"] = page,
        };
        return RackbeatGate.WriteAsync(context, 206, body);
    }

    /// <summary>True when <paramref name="text"/> contains the <c>search</c> parameter (case-insensitive), or there is none.</summary>
    public static bool Searched(HttpContext context, params string?[] texts)
    {
        var search = context.Request.Query["search"].ToString();
        return search.Length == 0 || texts.Any(t => t is not null && t.Contains(search, StringComparison.OrdinalIgnoreCase));
    }

    public static DateTimeOffset? Since(HttpContext context, string name) =>
        DateTimeOffset.TryParse(context.Request.Query[name].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    public static string? Date(HttpContext context, string name) => context.Request.Query[name].ToString() is { Length: > 0 } d ? d : null;

    private static int? Int(HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw RackbeatError.Invalid(name, $"The {name} must be an integer.");
    }
}
