using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// Who may talk to the local API. On the unix socket the peer's credentials decide (root, kioskd's own user, or a process running with
/// kioskd's group). On loopback TCP: the Host must be the loopback address and port (no DNS rebinding), a browser's Origin must be this
/// very origin and its Sec-Fetch-Site same-origin (a page from anywhere else is refused, and no CORS header is ever sent), and every
/// API call carries the per-boot bearer token. Static files (the screen and technician page) carry no data and need no token.
/// </summary>
internal sealed class ScreenAccess(ScreenToken token, Func<int> port, uint ownUid, uint ownGid)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        var refusal = socket is { AddressFamily: AddressFamily.Unix } unix ? CheckUnix(unix, context) : CheckTcp(context);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        if (refusal is { } r)
        {
            context.Response.StatusCode = r.Status;
            await context.Response.WriteAsJsonAsync(new CommandAnswer(false, r.Why), ScreenEvents.Json).ConfigureAwait(false);
            return;
        }

        if (IsApi(context.Request.Path))
        {
            headers.CacheControl = "no-store";
        }

        await next(context).ConfigureAwait(false);
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi");

    private (int Status, string Why)? CheckUnix(Socket socket, HttpContext context)
    {
        var peer = ControlServer.ReadPeer(socket);
        var allowed = peer.IsRoot || peer.Uid == ownUid || peer.Gid == ownGid;
        return allowed || !IsApi(context.Request.Path) ? null : (403, $"uid {peer.Uid} may not use the screen API (root, kioskd's user or group only)");
    }

    private (int Status, string Why)? CheckTcp(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host;
        var expected = port();
        if (host.Port != expected || host.Host is not ("127.0.0.1" or "localhost" or "[::1]"))
        {
            return (421, $"host '{host}' is not this kiosk's loopback address");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"http://{host}", StringComparison.Ordinal))
        {
            return (403, $"origin '{origin}' may not use the screen API");
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return (403, $"a {site} request may not use the screen API");
        }

        if (!IsApi(request.Path))
        {
            return null;
        }

        var auth = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return auth.StartsWith(bearer, StringComparison.Ordinal) && token.Matches(auth[bearer.Length..].Trim())
            ? null
            : (401, "the screen API needs the per-boot token (Authorization: Bearer, from the screen-token file)");
    }
}
