using KioskRuntime.Scanners.Interop;

namespace KioskRuntime.Scanners;

/// <summary>What a session made of input: a code (with its AIM id) or a rejection reason. Immutable.</summary>
internal readonly record struct ScanOutput(string? Data, string? SymbologyId, string? RejectReason)
{
    public static ScanOutput Code(string data, string? symbologyId) => new(data, symbologyId, null);

    public static ScanOutput Reject(string reason) => new(null, null, reason);
}

/// <summary>
/// One open device node and the decoder state that belongs to it. Created by a driver each time the node is (re)opened, driven by
/// <see cref="DeviceNodeLoop"/>. Not thread-safe except <see cref="File"/> writes.
/// </summary>
internal interface IScanSession : IDisposable
{
    DeviceFile File { get; }

    /// <summary>Bytes per read(): one report for hidraw, a multiple of input_event for evdev.</summary>
    int ReadSize { get; }

    /// <summary>A status detail worth showing while the session is open (e.g. "grab failed: EBUSY"), making the state Degraded.</summary>
    string? Warning { get; }

    void OnData(ReadOnlySpan<byte> data, List<ScanOutput> outputs);

    /// <summary>Called when no data came for a while; ends partial scans whose timeout passed.</summary>
    void OnIdle(TimeSpan sinceLastData, List<ScanOutput> outputs);
}

/// <summary>A device node was found but cannot be used as configured (no HID POS collection, bad descriptor).</summary>
internal sealed class ScannerSetupException(string message) : Exception(message);

/// <summary>The configured device is not there (no node at the path, no match in sysfs): the loop waits for it.</summary>
internal sealed class ScannerNotPresentException(string message) : Exception(message);
