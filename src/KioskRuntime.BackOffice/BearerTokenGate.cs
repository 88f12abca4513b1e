using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.BackOffice;

/// <summary>
/// Requires <c>Authorization: Bearer TOKEN</c> on every request except <c>/healthz</c>; answers 401 otherwise.
/// Compares SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither content nor length leaks.
/// </summary>
internal sealed class BearerTokenGate
{
    private const string Scheme = "Bearer ";
    private readonly RequestDelegate _next;
    private readonly byte[] _expectedDigest;

    public BearerTokenGate(RequestDelegate next, BackOfficeOptions options)
    {
        _next = next;
        _expectedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals("/healthz", StringComparison.Ordinal) || IsAuthorized(context.Request))
        {
            return _next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(new { error = "unauthorized", reason = "missing or wrong bearer token" });
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expectedDigest);
    }
}
