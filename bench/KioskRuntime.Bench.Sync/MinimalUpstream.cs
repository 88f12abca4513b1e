using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.Bench.Sync;

/// <summary>
/// The thinnest upstream that still speaks the contract over loopback HTTP (HttpListener): parses each pushed batch, checks the
/// seqs are contiguous, answers every event "accepted", keeps lastSeq/lastHash in memory. It stores nothing, so a drain against
/// it measures the kiosk side alone (journal reads, serialisation, HTTP, durable cursor commits).
/// </summary>
internal sealed class MinimalUpstream : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private long _lastSeq;
    private string _lastHash = "";

    public MinimalUpstream()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            string body;
            if (context.Request.HttpMethod == "POST")
            {
                using var doc = await JsonDocument.ParseAsync(context.Request.InputStream);
                var results = new StringBuilder("{\"results\":[");
                var first = true;
                foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
                {
                    var seq = e.GetProperty("seq").GetInt64();
                    var status = seq <= _lastSeq ? "duplicate" : seq == _lastSeq + 1 ? "accepted" : null;
                    if (status is null)
                    {
                        break;
                    }

                    if (status == "accepted")
                    {
                        _lastHash = e.GetProperty("hash").GetString()!;
                        Interlocked.Exchange(ref _lastSeq, seq);
                    }

                    results.Append(first ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"seq\":{seq},\"status\":\"{status}\"}}");
                    first = false;
                }

                body = results.Append(CultureInfo.InvariantCulture, $"],\"lastSeq\":{_lastSeq}}}").ToString();
            }
            else
            {
                body = string.Create(CultureInfo.InvariantCulture, $"{{\"lastSeq\":{_lastSeq},\"lastHash\":\"{_lastHash}\"}}");
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }
}
