using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Nfc;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Drivers;

namespace KioskRuntime.Peripherals.Tests;

public sealed class Pn532ReaderTests
{
    private static readonly byte[] Salt = "kiosk-1 salt 0123456789"u8.ToArray();
    private static readonly byte[] CardA = [0x04, 0xA2, 0x3B, 0x12, 0x7F, 0x61, 0x80];
    private static readonly byte[] CardB = [0xDE, 0xAD, 0xBE, 0xEF];

    private readonly ManualTimeProvider _time = new();
    private readonly ScriptedPoller _poller = new();
    private readonly Sink _sink = new();

    private sealed class ScriptedPoller : ICardPoller
    {
        private int _polls;

        public ConcurrentQueue<object?> Script { get; } = new();

        public int Polls => Volatile.Read(ref _polls);

        public bool Disposed { get; private set; }

        public byte[]? Poll()
        {
            Interlocked.Increment(ref _polls);
            if (!Script.TryDequeue(out var next))
            {
                return null;
            }

            return next is Exception ex ? throw ex : (byte[]?)next;
        }

        public void Dispose() => Disposed = true;
    }

    private sealed class Sink : ICardSink
    {
        public ConcurrentQueue<CardPresented> Cards { get; } = new();

        public ValueTask OnCardAsync(CardPresented card, CancellationToken cancellationToken)
        {
            Cards.Enqueue(card);
            return ValueTask.CompletedTask;
        }
    }

    private Pn532Reader Reader()
    {
        var options = new Pn532ReaderOptions { UidSaltFile = "unused", PollInterval = TimeSpan.FromMilliseconds(250), RemovalTime = TimeSpan.FromSeconds(1) };
        var reader = new Pn532Reader("nfc", options, _time, new TestLogger<Pn532Reader>(), () => _poller, () => new CardUidHasher(Salt));
        reader.AttachSink(_sink);
        return reader;
    }

    /// <summary>Lets the reader poll once per entry (null = no card), stepping the clock one poll interval each time.</summary>
    private async Task Present(params byte[]?[] polls)
    {
        foreach (var p in polls)
        {
            _poller.Script.Enqueue(p);
            int before = _poller.Polls;
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Wait.Until(() => _poller.Polls > before && _time.ArmedTimers > 0);
        }
    }

    [Fact]
    public async Task A_card_held_to_the_reader_is_reported_once_with_its_salted_hash()
    {
        using var stop = new CancellationTokenSource();
        var reader = Reader();
        _ = reader.RunAsync(stop.Token);
        await Wait.Until(() => _poller.Polls == 1);
        await Present(CardA, CardA, CardA, CardA, null, CardA);

        var card = Assert.Single(_sink.Cards);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. Salt, .. CardA])), card.UidHash.Hex);
        Assert.Equal(7, card.UidLength);
        Assert.Equal(DeviceState.Ready, reader.Status.State);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task The_same_card_counts_again_only_after_it_was_away_for_the_removal_time_and_another_card_at_once()
    {
        using var stop = new CancellationTokenSource();
        _ = Reader().RunAsync(stop.Token);
        await Wait.Until(() => _poller.Polls == 1);
        await Present(CardA, null, null, null, null, CardA, CardB);
        var hasher = new CardUidHasher(Salt);
        Assert.Equal([hasher.Hash(CardA), hasher.Hash(CardA), hasher.Hash(CardB)], _sink.Cards.Select(c => c.UidHash));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_reader_fault_reconnects()
    {
        using var stop = new CancellationTokenSource();
        var reader = Reader();
        _ = reader.RunAsync(stop.Token);
        await Wait.Until(() => _poller.Polls == 1);
        _poller.Script.Enqueue(new IOException("serial port gone"));
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await Wait.Until(() => _poller.Disposed);
        await Wait.Until(() => _sink.Cards.IsEmpty && _poller.Polls >= 3);
        Assert.Equal(DeviceState.Ready, reader.Status.State);
        await stop.CancelAsync();
    }

    [Fact]
    public void Hashes_depend_on_the_salt_and_refuse_short_salts()
    {
        var a = new CardUidHasher(Salt).Hash(CardB);
        var b = new CardUidHasher("another kiosk salt 0123"u8).Hash(CardB);
        Assert.NotEqual(a, b);
        Assert.Throws<ArgumentException>(() => new CardUidHasher("short"u8));
        Assert.Throws<ArgumentException>(() => new CardUidHasher(Salt).Hash([1, 2, 3]));
        Assert.DoesNotContain("deadbeef", a.Hex, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_take_the_serial_device_from_the_path_and_require_a_salt_file()
    {
        using var good = JsonDocument.Parse("""{"uidSaltFile": "/run/credentials/kioskd.service/nfc-salt"}""");
        var (bound, problems) = DriverOptionsBinder.Bind<Pn532DriverOptions>(good.RootElement, "/dev/ttyUSB0");
        Assert.Empty(problems);
        var options = bound!.ToReaderOptions();
        Assert.Equal(("/dev/ttyUSB0", Pn532Transport.Uart), (options.SerialPort, options.Transport));

        using var bad = JsonDocument.Parse("""{"transport": "spi"}""");
        var (none, complaints) = DriverOptionsBinder.Bind<Pn532DriverOptions>(bad.RootElement, null);
        Assert.Null(none);
        Assert.Contains(complaints, p => p.Path == "options.transport");
        Assert.Contains(complaints, p => p.Path == "options.uidSaltFile");
    }
}
