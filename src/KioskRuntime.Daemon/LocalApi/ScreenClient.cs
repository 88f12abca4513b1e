using System.Threading.Channels;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>One connected screen's bounded queue. Completed when the client leaves or falls too far behind.</summary>
internal sealed record ScreenClient(Channel<ScreenEvent> Queue);

/// <summary>One event on the stream: its id (per boot), its SSE event name, its JSON data.</summary>
internal sealed record ScreenEvent(long Id, string Kind, string Data);
