using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// The self-test a technician runs after flashing a profile (<c>kioskctl profile flash</c>, control command <c>selftest</c>): every device
/// of the profile is exercised the way a sale would use it and each gives a verdict: a test receipt printed, a light pattern, display
/// text, the buzzer, the door lock left locked, each device's own state, and — unless unattended — a scan the technician makes within
/// the time limit. One self-test at a time; while one waits for its scan, that scan goes to it and not to a cart. Thread-safe.
/// </summary>
internal sealed class SelfTest(DeviceSupervisor devices, ProfileInForce inForce, TimeProvider time, ILogger<SelfTest> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private TaskCompletionSource<ScannedCode>? _scan;

    /// <summary>Takes a scan when a self-test is waiting for one; false lets it go to the sale pipeline.</summary>
    public bool TryTakeScan(ScannedCode code) => Volatile.Read(ref _scan)?.TrySetResult(code) == true;

    public async Task<SelfTestReport> RunAsync(TimeSpan? scanWithin, CancellationToken ct)
    {
        if (!await _one.WaitAsync(TimeSpan.Zero, ct).ConfigureAwait(false))
        {
            return new SelfTestReport(false, [new SelfTestStep("self-test", "self-test", false, "another self-test is running")]);
        }

        try
        {
            var steps = new List<SelfTestStep>();
            foreach (var printer in devices.Devices.OfType<IReceiptPrinter>())
            {
                var (result, tables) = await PrintTestPageAsync(printer, ct).ConfigureAwait(false);
                steps.Add(new(printer.Name, "test receipt", result.Outcome == PrintOutcome.Printed, result.Outcome == PrintOutcome.Printed ? $"printed, code tables {string.Join(", ", tables)}" : $"{result.Outcome}: {result.Detail}"));
            }

            foreach (var light in devices.Lights)
            {
                steps.Add(await TryAsync(light, "light pattern", async () =>
                {
                    foreach (var pattern in new[] { LightPattern.Busy, LightPattern.Offline, LightPattern.Ready })
                    {
                        await light.ShowAsync(pattern, ct).ConfigureAwait(false);
                    }

                    return "busy, offline, ready";
                }).ConfigureAwait(false));
            }

            foreach (var display in devices.Displays)
            {
                steps.Add(await TryAsync(display, "display text", async () =>
                {
                    await display.ShowAsync("Selvtest", inForce.Profile.KioskId, ct).ConfigureAwait(false);
                    return "\"Selvtest\" shown";
                }).ConfigureAwait(false));
            }

            foreach (var buzzer in devices.Buzzers)
            {
                var sounded = buzzer.Sound(BuzzerSignal.Acknowledge);
                steps.Add(new(buzzer.Name, "buzzer", sounded, sounded ? "one beep" : "the buzzer cannot be driven"));
            }

            foreach (var door in devices.Locks)
            {
                door.Lock("self-test");
                steps.Add(new(door.Name, "door lock left locked", !door.IsUnlocked, door.IsUnlocked ? "the lock reports unlocked after Lock()" : "locked"));
            }

            foreach (var device in devices.Devices)
            {
                var state = device.Status.State;
                var healthy = state is DeviceState.Ready or DeviceState.Busy or DeviceState.Degraded;
                steps.Add(new(device.Name, "device state", healthy, $"{state.ToString().ToLowerInvariant()}{(device.Status.Detail is { } d ? $": {d}" : "")}"));
            }

            if (scanWithin is { } within && devices.Scanners.Any())
            {
                steps.Add(await WaitForScanAsync(within, ct).ConfigureAwait(false));
            }

            var passed = steps.All(s => s.Passed);
            logger.Log(passed ? LogLevel.Information : LogLevel.Warning, "Self-test {Result}: {Steps}", passed ? "passed" : "FAILED",
                string.Join("; ", steps.Select(s => $"{s.Device} {s.Check}: {(s.Passed ? "ok" : "FAILED")} ({s.Detail})")));
            return new SelfTestReport(passed, steps);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<SelfTestStep> WaitForScanAsync(TimeSpan within, CancellationToken ct)
    {
        var scan = new TaskCompletionSource<ScannedCode>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _scan, scan);
        try
        {
            foreach (var display in devices.Displays)
            {
                await display.ShowAsync("Selvtest: skann", "en strekkode", ct).ConfigureAwait(false);
            }

            var code = await scan.Task.WaitAsync(within, time, ct).ConfigureAwait(false);
            return new SelfTestStep(code.Source, "scan prompt", true, $"read {code.Data}");
        }
        catch (TimeoutException)
        {
            return new SelfTestStep("scanner", "scan prompt", false, $"no scan within {within.TotalSeconds:0} s");
        }
        finally
        {
            Volatile.Write(ref _scan, null);
        }
    }

    private static async Task<SelfTestStep> TryAsync(IDevice device, string check, Func<Task<string>> action)
    {
        try
        {
            return new SelfTestStep(device.Name, check, true, await action().ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return new SelfTestStep(device.Name, check, false, e.Message);
        }
    }

    /// <summary>The test page with every code table the printer model claims (also <c>kioskctl printer test</c>).</summary>
    public async Task<(PrintResult Result, IReadOnlyList<string> Tables)> PrintTestPageAsync(IReceiptPrinter printer, CancellationToken ct)
    {
        var (bytes, tables) = PrinterTestPage.Compose(inForce.Profile, inForce.Trust.ProfileHash, time.GetUtcNow());
        var result = await printer.PrintAsync(new PrintJob($"selftest-{time.GetUtcNow().ToUnixTimeMilliseconds()}", bytes, "Selvtest"), ct).ConfigureAwait(false);
        return (result, tables);
    }
}

internal sealed record SelfTestStep(string Device, string Check, bool Passed, string Detail);

internal sealed record SelfTestReport(bool Passed, IReadOnlyList<SelfTestStep> Steps);
