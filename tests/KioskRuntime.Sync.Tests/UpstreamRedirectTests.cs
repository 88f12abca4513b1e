using System.Net;
using System.Net.Sockets;
using System.Text;
using KioskRuntime.Sync;
using KioskRuntime.Sync.Http;

namespace KioskRuntime.Sync.Tests;

/// <summary>
/// A back office (or anyone on its path) answering 307 must not get the kiosk to re-POST its sales, with the token, elsewhere: real
/// loopback servers, the handler kioskd uses. And the options never print the token.
/// </summary>
public sealed class UpstreamRedirectTests
{
    [Fact]
    public async Task A_307_answer_is_not_followed()
    {
        using var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        var reachedElsewhere = elsewhere.AcceptTcpClientAsync();
        using var backOffice = new TcpListener(IPAddress.Loopback, 0);
        backOffice.Start();
        var redirect = AnswerOnceAsync(backOffice, $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{Port(elsewhere)}/v1/kiosks/k/events\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        using var http = new HttpClient(UpstreamHandler.Create());
        using var push = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{Port(backOffice)}/v1/kiosks/k/events")
        {
            Content = new StringContent("""{"events":[]}""", Encoding.UTF8, "application/json"),
        };
        push.Headers.Authorization = new("Bearer", "kiosk-token");
        using var answer = await http.SendAsync(push);
        await redirect;

        Assert.Equal(HttpStatusCode.TemporaryRedirect, answer.StatusCode);
        var winner = await Task.WhenAny(reachedElsewhere, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.NotSame(reachedElsewhere, winner); // nobody connected to the redirect's target
    }

    [Fact]
    public async Task The_default_handler_would_have_followed_it()
    {
        // The control: the same servers with .NET's default handler re-send the POST to the target, so the test above can fail.
        using var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        var reachedElsewhere = AnswerOnceAsync(elsewhere, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var backOffice = new TcpListener(IPAddress.Loopback, 0);
        backOffice.Start();
        var redirect = AnswerOnceAsync(backOffice, $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{Port(elsewhere)}/x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        using var http = new HttpClient(new SocketsHttpHandler());
        using var answer = await http.PostAsync($"http://127.0.0.1:{Port(backOffice)}/v1/kiosks/k/events", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.StartsWith("POST /x ", await reachedElsewhere, StringComparison.Ordinal);
        await redirect;
    }

    [Fact]
    public void The_options_never_print_the_token()
    {
        var options = new UpstreamOptions { BaseUrl = new Uri("https://bo.example/"), Token = "s3cret-kiosk-token", KioskId = "k1" };
        var text = options.ToString();
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Contains("Token = ***", text, StringComparison.Ordinal);
        Assert.Contains("KioskId = k1", text, StringComparison.Ordinal);
        Assert.Contains("https://bo.example/", text, StringComparison.Ordinal);
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Accepts one connection, reads the request head, answers <paramref name="response"/>; returns the request line.</summary>
    private static async Task<string> AnswerOnceAsync(TcpListener listener, string response)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return head.ToString();
    }
}
