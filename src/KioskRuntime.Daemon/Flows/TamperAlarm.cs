using System.Globalization;
using KioskRuntime.Journal;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// The tamper alarm: raised when a tamper switch opens, kept across restarts (journal state), cleared only by a technician card once
/// every tamper switch is closed. Written by the sale loop (<see cref="AccessFlow"/>); <see cref="Reason"/> is read from any thread.
/// </summary>
internal sealed class TamperAlarm
{
    private readonly HashSet<string> _open = new(StringComparer.Ordinal); // "device/input" of tamper inputs now active; loop only
    private string? _reason;

    /// <summary>Why selling stopped, or null when no alarm is raised. Thread-safe.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>Tamper inputs now open (loop only).</summary>
    public IReadOnlyCollection<string> OpenInputs => _open;

    public void Load(KioskJournal journal)
    {
        if (journal.GetState<AlarmDocument>(StateCollections.Alarms, "tamper") is { Raised: true } alarm)
        {
            Volatile.Write(ref _reason, Text(alarm));
        }
    }

    public void Track(string device, string input, bool active) =>
        _ = active ? _open.Add($"{device}/{input}") : _open.Remove($"{device}/{input}");

    public void Raise(AlarmDocument alarm) => Volatile.Write(ref _reason, Text(alarm));

    public void Clear() => Volatile.Write(ref _reason, null);

    private static string Text(AlarmDocument alarm) =>
        $"tamper alarm: '{alarm.Input}' opened at {alarm.Since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC; a technician card must acknowledge it";
}
