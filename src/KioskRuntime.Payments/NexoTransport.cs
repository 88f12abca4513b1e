using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Payments;

/// <summary>What became of one request/response exchange with the terminal.</summary>
internal abstract record NexoExchange
{
    /// <summary>The terminal answered with a message we could read.</summary>
    public sealed record Answered(NexoResponse Response) : NexoExchange;

    /// <summary>The terminal answered 2xx with no body (the answer to an AbortRequest).</summary>
    public sealed record Acknowledged : NexoExchange;

    /// <summary>The request certainly never reached the terminal (connect or TLS handshake failed): nothing can have happened.</summary>
    public sealed record NotSent(string Reason) : NexoExchange;

    /// <summary>The request may have reached the terminal but no usable answer came back (timeout, reset, unreadable or unverifiable reply).</summary>
    public sealed record Lost(string Reason) : NexoExchange;
}

/// <summary>
/// POSTs nexo JSON to the terminal's <c>/nexo</c> endpoint over HTTPS with the root pinned and the certificate name checked by us (the
/// terminal is reached by IP, so the usual host name check cannot apply), sealing and opening NexoBlob envelopes when a key is set.
/// One connection per exchange is fine for a terminal; an abort goes on a second connection while a payment is open. Thread-safe.
/// </summary>
internal sealed class NexoTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly NexoBlobCipher? _cipher;
    private readonly X509Certificate2? _root;

    public NexoTransport(NexoTerminalOptions options, X509Certificate2? root, NexoBlobCipher? cipher)
    {
        _url = options.Url;
        _cipher = cipher;
        _root = root;
        string expectedName = options.ExpectedCertificateName;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 4,
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, _) => ValidateTerminalCertificate(certificate, chain, root, expectedName),
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Chain to the pinned root only (system roots ignored), no revocation check (the terminal is on the LAN; CRL endpoints may not be
    /// reachable), and the leaf must carry <paramref name="expectedName"/>.
    /// </summary>
    internal static bool ValidateTerminalCertificate(X509Certificate? presented, X509Chain? presentedChain, X509Certificate2? root, string expectedName)
    {
        if (presented is null || root is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf) && leaf.MatchesHostname(expectedName, allowWildcards: false, allowCommonName: true);
    }

    public async Task<NexoExchange> ExchangeAsync(NexoRequest request, CancellationToken deadline)
    {
        byte[] body = NexoWriter.Write(request);
        if (_cipher is not null)
        {
            body = _cipher.Seal(body, "SaleToPOIRequest");
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return new NexoExchange.NotSent($"cannot connect to {_url.Authority}: {ex.Message}");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return new NexoExchange.NotSent($"TLS to {_url.Authority} failed (certificate not from the pinned root, or not named as expected): {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return new NexoExchange.Lost($"connection to {_url.Authority} lost after the request was sent: {ex.Message}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new NexoExchange.Lost("no answer before the deadline");
        }
        catch (OperationCanceledException ex)
        {
            // The client was disposed under the request (the driver is stopping): it may have reached the terminal.
            return new NexoExchange.Lost($"the request was abandoned: {ex.Message}");
        }

        using (response)
        {
            byte[] content;
            try
            {
                content = await response.Content.ReadAsByteArrayAsync(deadline).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                return new NexoExchange.Lost($"the answer was cut off: {ex.Message}");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new NexoExchange.Lost($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from the terminal");
            }

            if (content.Length == 0)
            {
                return new NexoExchange.Acknowledged();
            }

            return Read(content);
        }
    }

    private NexoExchange Read(byte[] content)
    {
        try
        {
            using var doc = NexoReader.Parse(content, "answer");
            if (NexoBlobCipher.IsSealed(doc.RootElement, "SaleToPOIResponse"))
            {
                if (_cipher is null)
                {
                    return new NexoExchange.Lost("the terminal answered encrypted but no key is configured");
                }

                byte[] plain = _cipher.Open(doc.RootElement, "SaleToPOIResponse");
                using var inner = NexoReader.Parse(plain, "decrypted answer");
                return new NexoExchange.Answered(NexoReader.ReadResponse(inner.RootElement));
            }

            return new NexoExchange.Answered(NexoReader.ReadResponse(doc.RootElement));
        }
        catch (NexoFormatException ex)
        {
            return new NexoExchange.Lost($"unreadable answer: {ex.Message}");
        }
        catch (NexoSecurityException ex)
        {
            return new NexoExchange.Lost($"answer failed verification: {ex.Message}");
        }
    }

    /// <summary>Whether the terminal accepts TCP connections (the status probe).</summary>
    public async Task<bool> ProbeAsync(CancellationToken ct)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(_url.Host, _url.Port), ct).ConfigureAwait(false);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _root?.Dispose();
    }
}
