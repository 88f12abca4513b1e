using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// One screen's server-sent event stream: the full state first (so a reconnect after a restart shows the truth), then every event from
/// the client's own bounded queue, and a comment every 15 s so dead connections are noticed. When the queue was cut off (the client did
/// not read), the stream ends and the browser's reconnect starts again from the full state.
/// </summary>
internal static class ScreenEventStream
{
    public const int SendBufferBytes = 8 * 1024;

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(HttpContext context, ScreenStateSource state, ScreenEvents events)
    {
        var ct = context.RequestAborted;

        // A fixed, small kernel send buffer (no autotuning to megabytes): what a stuck screen can hold back is this, Kestrel's 16 KiB
        // and its queue of events; then it is cut off and the memory is freed.
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.SendBufferSize = SendBufferBytes;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var client = events.Subscribe();
        try
        {
            await WriteAsync(response, $"retry: 1000\nevent: state\ndata: {JsonSerializer.Serialize(state.Build(), ScreenEvents.Json)}\n\n", ct).ConfigureAwait(false);
            var reader = client.Queue.Reader;
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Heartbeat);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteAsync(response, ": ping\n\n", ct).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    return; // cut off or shutting down: the client reconnects and gets the state afresh
                }

                var text = new StringBuilder();
                while (reader.TryRead(out var e))
                {
                    text.Append("id: ").Append(e.Id).Append("\nevent: ").Append(e.Kind).Append("\ndata: ").Append(e.Data).Append("\n\n");
                }

                await WriteAsync(response, text.ToString(), ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            events.Unsubscribe(client);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
