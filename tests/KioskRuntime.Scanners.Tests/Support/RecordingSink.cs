using System.Collections.Concurrent;
using KioskRuntime.Devices;

namespace KioskRuntime.Scanners.Tests.Support;

/// <summary>An <see cref="IScanSink"/> that keeps what it got and lets a test wait for it.</summary>
internal sealed class RecordingSink : IScanSink
{
    private readonly BlockingCollection<object> _items = [];

    public ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken)
    {
        _items.Add(code, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken)
    {
        _items.Add(rejected, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>The next item, waiting up to 10 s (a generous bound: failing to arrive at all is the failure, not slowness).</summary>
    public object Next()
    {
        Assert.True(_items.TryTake(out object? item, TimeSpan.FromSeconds(10)), "nothing reached the sink within 10 s");
        return item!;
    }

    public ScannedCode NextCode() => Assert.IsType<ScannedCode>(Next());

    public ScanRejected NextRejected() => Assert.IsType<ScanRejected>(Next());
}
