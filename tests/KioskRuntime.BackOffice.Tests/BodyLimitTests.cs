using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>The push body's cap: a huge Content-Length is answered from the header alone, without buffering it.</summary>
public sealed class BodyLimitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_two_gigabyte_content_length_is_answered_413_before_the_body_and_without_allocating_it()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _host.BaseAddress.Port);
        var head = "POST /v1/kiosks/k1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   + $"Authorization: Bearer {BackOfficeHost.KioskToken("k1")}\r\nContent-Type: application/json\r\n"
                   + "Content-Length: 2000000000\r\n\r\n{\"events\":[";
        var before = GC.GetTotalAllocatedBytes(precise: true);

        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        var answer = await ReadStatusLineAsync(socket, TimeSpan.FromSeconds(20)); // no more of the body is ever sent

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"answered {answer.Split('\r')[0]}; {allocated:N0} bytes allocated in the process meanwhile");
        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        // Other test classes run meanwhile in this process: the bound is far above their share and far below 2 GB.
        Assert.True(allocated < 256L * 1024 * 1024, $"{allocated:N0} bytes allocated while answering a 2 GB claim");
        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task A_chunked_body_past_the_cap_is_413_and_stores_nothing()
    {
        using var client = _host.NewClient();
        var big = new StringBuilder("{\"events\":[").Append(' ', 17 * 1024 * 1024).Append("]}").ToString();
        using var content = new StringContent(big, Encoding.UTF8, "application/json");
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/kiosks/k1/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task An_unauthenticated_huge_claim_is_401_without_reading()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _host.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1/kiosks/k1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000000000\r\n\r\n{"));

        Assert.StartsWith("HTTP/1.1 401", await ReadStatusLineAsync(socket, TimeSpan.FromSeconds(20)), StringComparison.Ordinal);
    }

    private static async Task<string> ReadStatusLineAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (n == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}
