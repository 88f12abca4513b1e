using KioskRuntime.Devices;
using KioskRuntime.Simulation.Nexo;
using KioskRuntime.Testing;
using PaymentRequest = KioskRuntime.Devices.PaymentRequest;

namespace KioskRuntime.Payments.Tests;

/// <summary>Every path through the real driver, over real HTTP on loopback, against the simulator.</summary>
public sealed class NexoTerminalTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static PaymentRequest Request(decimal amount, string? tx = null) =>
        new(tx ?? "tx-" + Guid.NewGuid().ToString("N")[..8], NexoServiceId.New(), amount, "NOK");

    [Fact]
    public async Task Approve_returns_amount_brand_and_terminal_reference_and_the_terminal_has_charged_once()
    {
        await using var rig = TerminalRig.Start();
        var request = Request(42.00m);
        var progress = new List<PaymentProgress>();
        var result = await rig.Terminal.PayAsync(request, new Progress<PaymentProgress>(progress.Add), None);

        Assert.Equal(PaymentResultKind.Approved, result.Kind);
        Assert.Equal(42.00m, result.AuthorizedAmount);
        Assert.Equal("visa", result.CardBrand);
        var charged = Assert.Single(rig.Simulator.Transactions);
        Assert.True(charged.Charged);
        Assert.Equal(charged.PoiTransactionId, result.TerminalReference);
        Assert.Equal(request.TransactionId, charged.TransactionId);
    }

    [Fact]
    public async Task The_masked_pan_the_terminal_sends_is_never_logged_nor_returned()
    {
        await using var rig = TerminalRig.Start();
        var result = await rig.Terminal.PayAsync(Request(42.00m), null, None);
        Assert.Equal(PaymentResultKind.Approved, result.Kind);
        Assert.NotEmpty(rig.Log.Lines);
        Assert.DoesNotContain(rig.Log.Lines, l => l.Contains("411111", StringComparison.Ordinal) || l.Contains("1111", StringComparison.Ordinal));
        Assert.DoesNotContain("1111", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decline_is_declined_with_the_refusal_reason_and_nothing_charged()
    {
        await using var rig = TerminalRig.Start();
        var result = await rig.Terminal.PayAsync(Request(10.13m), null, None);
        Assert.Equal(PaymentResultKind.Declined, result.Kind);
        Assert.Contains("Not enough balance", result.Reason, StringComparison.Ordinal);
        Assert.False(Assert.Single(rig.Simulator.Transactions).Charged);
    }

    [Fact]
    public async Task No_answer_becomes_unknown_at_the_payment_timeout_and_status_says_in_progress()
    {
        var time = new ManualTimeProvider();
        await using var rig = TerminalRig.Start(time);
        var request = Request(10.14m);
        var paying = rig.Terminal.PayAsync(request, null, None);
        await rig.Simulator.WaitForPaymentAsync(request.ServiceId, None).WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(149));
        Assert.False(paying.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await paying.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentResultKind.Unknown, result.Kind);
        Assert.StartsWith("Lost:", result.Reason, StringComparison.Ordinal);
        var status = await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None);
        Assert.Equal(PaymentResultKind.Unknown, status.Kind);
        Assert.StartsWith("InProgress:", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_then_connection_lost_is_unknown_and_the_status_query_finds_the_approval()
    {
        await using var rig = TerminalRig.Start();
        var request = Request(10.15m);
        var result = await rig.Terminal.PayAsync(request, null, None);
        Assert.Equal(PaymentResultKind.Unknown, result.Kind);

        var status = await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None);
        Assert.Equal(PaymentResultKind.Approved, status.Kind);
        Assert.Equal(10.15m, status.AuthorizedAmount);
        Assert.Equal(rig.Simulator.Transactions[0].PoiTransactionId, status.TerminalReference);
    }

    [Fact]
    public async Task A_garbled_answer_is_unknown_never_a_guess_and_the_status_tells_the_truth()
    {
        await using var rig = TerminalRig.Start();
        var request = Request(10.16m);
        var result = await rig.Terminal.PayAsync(request, null, None);
        Assert.Equal(PaymentResultKind.Unknown, result.Kind);
        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None)).Kind);
    }

    [Fact]
    public async Task A_request_the_terminal_never_received_is_NotFound_on_status()
    {
        await using var rig = TerminalRig.Start();
        var request = Request(10.18m);
        var result = await rig.Terminal.PayAsync(request, null, None);
        Assert.Equal(PaymentResultKind.Unknown, result.Kind);

        var status = await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None);
        Assert.Equal(PaymentResultKind.Unknown, status.Kind);
        Assert.StartsWith("NotFound", status.Reason, StringComparison.Ordinal);
        Assert.Empty(rig.Simulator.Transactions);
    }

    [Fact]
    public async Task Kiosk_crash_after_the_request_left_is_recovered_through_TransactionStatus()
    {
        await using var rig = TerminalRig.Start();
        var request = Request(25.17m);
        var paying = rig.Terminal.PayAsync(request, null, None);
        await rig.Simulator.WaitForPaymentAsync(request.ServiceId, None).WaitAsync(TimeSpan.FromSeconds(10));
        rig.Restart();
        Assert.Equal(PaymentResultKind.Unknown, (await paying.WaitAsync(TimeSpan.FromSeconds(10))).Kind);

        // After the restart: the kiosk has only its journaled ids. The terminal still works on it, then approves.
        var first = await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None);
        var second = await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None);
        var third = await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None);
        Assert.StartsWith("InProgress:", first.Reason, StringComparison.Ordinal);
        Assert.StartsWith("InProgress:", second.Reason, StringComparison.Ordinal);
        Assert.Equal(PaymentResultKind.Approved, third.Kind);
        Assert.Equal(25.17m, third.AuthorizedAmount);
        Assert.Single(rig.Simulator.Transactions, t => t.Charged);
    }

    [Fact]
    public async Task A_repeated_ServiceID_is_refused_by_the_terminal_so_one_intent_is_never_charged_twice()
    {
        await using var rig = TerminalRig.Start();
        var request = Request(42.00m);
        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.PayAsync(request, null, None)).Kind);
        var again = await rig.Terminal.PayAsync(request, null, None);
        Assert.Equal(PaymentResultKind.Declined, again.Kind);
        Assert.Single(rig.Simulator.Transactions, t => t.Charged);
    }

    [Fact]
    public async Task Cancelling_sends_an_abort_and_returns_cancelled_with_nothing_charged()
    {
        await using var rig = TerminalRig.Start();
        var request = Request(10.14m);
        using var cts = new CancellationTokenSource();
        var paying = rig.Terminal.PayAsync(request, null, cts.Token);
        await rig.Simulator.WaitForPaymentAsync(request.ServiceId, None).WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        var result = await paying.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentResultKind.Cancelled, result.Kind);
        var tx = Assert.Single(rig.Simulator.Transactions);
        Assert.Equal(SimulatedState.Aborted, tx.State);
        Assert.Equal(PaymentResultKind.Cancelled, (await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None)).Kind);
    }

    [Fact]
    public async Task A_cancel_that_loses_the_race_to_an_approval_returns_the_approval()
    {
        await using var rig = TerminalRig.Start(simulator: o => o with { InProgressQueries = 0 });
        var request = Request(10.17m);
        using var cts = new CancellationTokenSource();
        var paying = rig.Terminal.PayAsync(request, null, cts.Token);
        await rig.Simulator.WaitForPaymentAsync(request.ServiceId, None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None)).Kind);
        await cts.CancelAsync();
        var result = await paying.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentResultKind.Approved, result.Kind);
        Assert.True(Assert.Single(rig.Simulator.Transactions).Charged);
    }

    [Fact]
    public async Task A_payment_cancelled_before_it_is_sent_never_reaches_the_terminal()
    {
        await using var rig = TerminalRig.Start();
        var result = await rig.Terminal.PayAsync(Request(42.00m), null, new CancellationToken(canceled: true));
        Assert.Equal(PaymentResultKind.Cancelled, result.Kind);
        Assert.Empty(rig.Simulator.Transactions);
    }

    [Fact]
    public async Task An_approved_payment_is_reversed_by_its_terminal_reference_once()
    {
        await using var rig = TerminalRig.Start();
        var paid = await rig.Terminal.PayAsync(Request(42.00m), null, None);
        var reversed = await rig.Terminal.ReverseAsync(new ReversalRequest("rf-1", NexoServiceId.New(), paid.TerminalReference!, 42.00m, "NOK"), None);
        Assert.Equal(PaymentResultKind.Approved, reversed.Kind);
        Assert.Equal(SimulatedState.Reversed, rig.Simulator.Transactions[0].State);

        var twice = await rig.Terminal.ReverseAsync(new ReversalRequest("rf-2", NexoServiceId.New(), paid.TerminalReference!, 42.00m, "NOK"), None);
        Assert.Equal(PaymentResultKind.Declined, twice.Kind);
        var unknownReference = await rig.Terminal.ReverseAsync(new ReversalRequest("rf-3", NexoServiceId.New(), "no-such-ref", 1m, "NOK"), None);
        Assert.Equal(PaymentResultKind.Declined, unknownReference.Kind);
    }

    [Fact]
    public async Task A_terminal_that_cannot_be_reached_declines_with_NotSent_and_the_probe_reports_disconnected()
    {
        var time = new ManualTimeProvider();
        await using var rig = TerminalRig.Start(time);
        var options = rig.Options with { Url = new Uri("http://127.0.0.1:9/nexo") };
        using var terminal = new NexoTerminal("terminal", options, time, rig.Log);
        var result = await terminal.PayAsync(Request(42.00m), null, None);
        Assert.Equal(PaymentResultKind.Declined, result.Kind);
        Assert.StartsWith("NotSent:", result.Reason, StringComparison.Ordinal);
        Assert.Equal(DeviceState.Disconnected, terminal.Status.State);

        using var stop = new CancellationTokenSource();
        var run = terminal.RunAsync(stop.Token);
        await WaitUntil(() => terminal.Status.State == DeviceState.Disconnected);
        await stop.CancelAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(DeviceState.Stopped, terminal.Status.State);
    }

    [Fact]
    public async Task The_probe_reports_ready_for_a_reachable_terminal()
    {
        await using var rig = TerminalRig.Start(new ManualTimeProvider());
        using var stop = new CancellationTokenSource();
        var run = rig.Terminal.RunAsync(stop.Token);
        await WaitUntil(() => rig.Terminal.Status.State == DeviceState.Ready);
        Assert.True(rig.Terminal.Progress.Count >= 1);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Encrypted_messages_work_end_to_end_and_a_wrong_passphrase_is_never_a_payment()
    {
        string passphraseFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passphraseFile, "s3cret passphrase\n");
            await using var rig = TerminalRig.Start(
                simulator: o => o with { Key = ("kiosk-key", 2, "s3cret passphrase") },
                driver: o => o with { Encryption = new NexoEncryptionOptions("kiosk-key", 2, passphraseFile) });
            var request = Request(42.00m);
            Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.PayAsync(request, null, None)).Kind);
            Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, None)).Kind);

            await File.WriteAllTextAsync(passphraseFile, "another passphrase");
            using var wrongKey = rig.NewTerminal();
            var refused = await wrongKey.PayAsync(Request(42.00m), null, None);
            Assert.Equal(PaymentResultKind.Unknown, refused.Kind);
            Assert.Single(rig.Simulator.Transactions);
        }
        finally
        {
            File.Delete(passphraseFile);
        }
    }

    [Fact]
    public async Task Bad_ids_and_amounts_are_refused_before_anything_is_sent()
    {
        await using var rig = TerminalRig.Start();
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Terminal.PayAsync(new PaymentRequest("tx", "has space", 1m, "NOK"), null, None));
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Terminal.PayAsync(new PaymentRequest("tx", "ABCDEFGHIJK", 1m, "NOK"), null, None));
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Terminal.PayAsync(new PaymentRequest("tx", "A1", 0m, "NOK"), null, None));
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Terminal.PayAsync(new PaymentRequest("tx", "A1", 1.005m, "NOK"), null, None));
        await Assert.ThrowsAsync<ArgumentException>(() => rig.Terminal.PayAsync(new PaymentRequest("tx", "A1", 1m, "nok"), null, None));
        Assert.Empty(rig.Simulator.Transactions);
    }

    [Fact]
    public void Service_ids_are_ten_alphanumerics_and_fresh()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => NexoServiceId.New()).ToList();
        Assert.All(ids, id => Assert.True(NexoServiceId.IsValid(id) && id.Length == 10));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

/// <summary>The simulator inside a kiosk that is killed: its state file makes it remember, as a real terminal would.</summary>
public sealed class NexoSimulatorStateTests
{
    [Fact]
    public async Task A_restarted_simulator_still_knows_what_it_charged_and_what_is_in_progress()
    {
        string state = Path.Combine(Path.GetTempPath(), $"nexo-sim-{Guid.NewGuid():N}.json");
        try
        {
            var approved = new PaymentRequest("tx-1", NexoServiceId.New(), 42.00m, "NOK");
            var held = new PaymentRequest("tx-2", NexoServiceId.New(), 10.17m, "NOK");
            await using (var rig = TerminalRig.Start(simulator: o => o with { StateFile = state, InProgressQueries = 1 }))
            {
                Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.PayAsync(approved, null, CancellationToken.None)).Kind);
                _ = rig.Terminal.PayAsync(held, null, CancellationToken.None);
                await rig.Simulator.WaitForPaymentAsync(held.ServiceId, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }

            await using (var rig = TerminalRig.Start(simulator: o => o with { StateFile = state, InProgressQueries = 1 }))
            {
                Assert.Equal(2, rig.Simulator.Transactions.Count);
                Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetStatusAsync(approved.TransactionId, approved.ServiceId, CancellationToken.None)).Kind);
                Assert.StartsWith("InProgress:", (await rig.Terminal.GetStatusAsync(held.TransactionId, held.ServiceId, CancellationToken.None)).Reason, StringComparison.Ordinal);
                Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetStatusAsync(held.TransactionId, held.ServiceId, CancellationToken.None)).Kind);
                var again = await rig.Terminal.PayAsync(approved, null, CancellationToken.None);
                Assert.Equal(PaymentResultKind.Declined, again.Kind);
                var fresh = await rig.Terminal.PayAsync(new PaymentRequest("tx-3", NexoServiceId.New(), 5m, "NOK"), null, CancellationToken.None);
                Assert.NotEqual(rig.Simulator.Transactions[0].PoiTransactionId, fresh.TerminalReference);
                Assert.Equal(3, rig.Simulator.Transactions.Count(t => t.Charged));
            }
        }
        finally
        {
            File.Delete(state);
        }
    }
}
