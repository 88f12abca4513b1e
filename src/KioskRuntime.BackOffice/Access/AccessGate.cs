using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Endpoints;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.BackOffice.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> against the credentials file (401 when missing or unknown) and then
/// authorises by the <see cref="AccessRule"/> of the endpoint routing picked: a kiosk's token is good for its own
/// <c>/v1/kiosks/{kioskId}/…</c> routes only, the admin token for <c>/admin/…</c> and for reading any kiosk, never for a push
/// (403 otherwise). Runs after routing, so the rule follows the endpoint whatever the path's case or escaping; an endpoint
/// without a rule is refused. A malformed kiosk id is a 400 before any rule applies.
/// </summary>
internal sealed class AccessGate
{
    private const string Scheme = "Bearer ";
    private readonly RequestDelegate _next;
    private readonly CredentialSource _credentials;

    public AccessGate(RequestDelegate next, CredentialSource credentials)
    {
        _next = next;
        _credentials = credentials;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var rule = endpoint?.Metadata.GetMetadata<AccessRuleMetadata>()?.Rule;
        if (rule == AccessRule.Anonymous)
        {
            return _next(context);
        }

        if (Authenticate(context.Request) is not { } credential)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return context.Response.WriteAsJsonAsync(new ErrorBody("unauthorized", Reason: "missing or unknown bearer token"));
        }

        if (endpoint is null)
        {
            return _next(context); // no such route: the 404 says nothing to someone who holds a token
        }

        string? routeKiosk = null;
        if (rule is AccessRule.OwnKiosk or AccessRule.OwnKioskOrAdmin)
        {
            var text = context.Request.RouteValues["kioskId"] as string;
            if (!KioskId.TryParse(text, out var kiosk))
            {
                return KioskEndpoints.BadKioskId(text ?? string.Empty).ExecuteAsync(context);
            }

            routeKiosk = kiosk.Value.Value;
        }

        var allowed = rule switch
        {
            AccessRule.OwnKiosk => credential.KioskId == routeKiosk,
            AccessRule.OwnKioskOrAdmin => credential.IsAdmin || credential.KioskId == routeKiosk,
            AccessRule.Admin => credential.IsAdmin,
            _ => false,
        };
        if (allowed)
        {
            return _next(context);
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new ErrorBody("forbidden", Reason: Refusal(rule, credential, routeKiosk)));
    }

    private static string Refusal(AccessRule? rule, Credential credential, string? routeKiosk) => rule switch
    {
        AccessRule.OwnKiosk when credential.IsAdmin => $"the admin credential cannot act as kiosk {routeKiosk}",
        AccessRule.OwnKiosk or AccessRule.OwnKioskOrAdmin => $"this credential is for kiosk {credential.KioskId}, not {routeKiosk}",
        AccessRule.Admin => "this route needs the admin credential",
        _ => "this route has no access rule",
    };

    private Credential? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : _credentials.Current.Find(token);
    }
}
