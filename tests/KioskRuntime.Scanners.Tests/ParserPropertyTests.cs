using CsCheck;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Serial;
using KioskRuntime.Scanners.Tests.Support;

namespace KioskRuntime.Scanners.Tests;

/// <summary>
/// Property tests over every parser: arbitrary input never raises anything but the parser's own error type, and valid input
/// round-trips. 100,000 inputs per property by default; set KIOSK_PROPERTY_ITERATIONS (e.g. 1000000) for a longer run.
/// </summary>
public sealed class ParserPropertyTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("KIOSK_PROPERTY_ITERATIONS"), out long n) && n > 0 ? n : 100_000;

    /// <summary>The real descriptor with a few bytes overwritten and, half the time, cut short: reaches deep into the parser and layout.</summary>
    private static readonly Gen<byte[]> MutatedDescriptor =
        Gen.Select(
                Gen.Select(Gen.Int[0, HidPosFixtures.ScannerDescriptor.Length - 1], Gen.Byte).Array[1, 4],
                Gen.OneOf(Gen.Const(HidPosFixtures.ScannerDescriptor.Length), Gen.Int[1, HidPosFixtures.ScannerDescriptor.Length]))
            .Select((edits, length) =>
            {
                byte[] d = HidPosFixtures.ScannerDescriptor[..length];
                foreach (var (at, value) in edits)
                {
                    if (at < d.Length)
                    {
                        d[at] = value;
                    }
                }

                return d;
            });

    private static readonly Gen<byte[]> AnyDescriptor = Gen.OneOf(Gen.Byte.Array[0, 256], MutatedDescriptor);

    [Fact]
    public void Descriptor_parser_raises_only_its_own_error_and_layouts_built_from_it_are_safe_to_use()
    {
        long layouts = 0;
        AnyDescriptor.Sample(bytes =>
        {
            HidReportDescriptor d;
            try
            {
                d = HidDescriptorParser.Parse(bytes);
            }
            catch (HidDescriptorException ex)
            {
                Assert.InRange(ex.Offset, 0, bytes.Length);
                return;
            }

            foreach (HidField f in d.Fields)
            {
                Assert.True(d.ReportLength(f.Kind, f.ReportId) >= 0);
            }

            if (HidPosLayout.TryFrom(d, out HidPosLayout? layout, out _))
            {
                Interlocked.Increment(ref layouts);
                layout!.Output?.BuildReport(errorBeep: false);
                layout.Output?.BuildReport(errorBeep: true);
                var assembler = new HidPosReportAssembler(layout);
                assembler.Accept(bytes);
                assembler.Accept(new byte[layout.InputReportLength]);
                assembler.Abandon();
            }
        }, iter: Iterations);

        // The generator must keep reaching the layout code, or the property above says little about it.
        Assert.True(layouts > Iterations / 100, $"only {layouts} of {Iterations} inputs produced a HID POS layout");
    }

    [Fact]
    public void Report_assembler_never_throws_on_arbitrary_report_streams()
    {
        Gen<byte[]> report = Gen.OneOf(
            Gen.Byte.Array[0, 80],
            Gen.Byte.Array[64].Select(r =>
            {
                r[0] = 0x02; // mostly the scanned-data report id, so the length/continuation paths run
                return r;
            }));
        report.Array[1, 6].Sample(reports =>
        {
            var assembler = new HidPosReportAssembler(HidPosLayout.Honeywell64, maxScanBytes: 300);
            foreach (byte[] r in reports)
            {
                HidPosReportResult result = assembler.Accept(r);
                Assert.Equal(result.Outcome == HidPosReportOutcome.Complete, result.Data is not null);
                Assert.Equal(result.Outcome == HidPosReportOutcome.Rejected, result.Reason is not null);
            }

            assembler.Abandon();
        }, iter: Iterations);
    }

    [Fact]
    public void Any_data_split_into_reports_comes_back_whole()
    {
        Gen.Select(Gen.Byte.Array[1, 400], Gen.Char['A', 'z'], Gen.Char['0', '9']).Sample((data, code, modifier) =>
        {
            var assembler = new HidPosReportAssembler(HidPosLayout.Honeywell64);
            string aim = $"]{code}{modifier}";
            HidPosReportResult last = default;
            foreach (byte[] r in HidPosFixtures.Reports(data, aim))
            {
                last = assembler.Accept(r);
            }

            Assert.Equal(HidPosReportOutcome.Complete, last.Outcome);
            Assert.Equal(data, last.Data);
            Assert.Equal(aim, last.SymbologyId);
        }, iter: Iterations);
    }

    [Fact]
    public void Key_decoder_never_throws_on_arbitrary_event_streams()
    {
        Gen<InputEvent> keyEvent = Gen.Select(Gen.Int[0, 3], Gen.UShort[0, 130], Gen.Int[-1, 3])
            .Select((t, code, value) => new InputEvent(t < 3 ? InputEvent.EV_KEY : (ushort)(code % 5), code, value));
        Gen.Select(keyEvent.Array[0, 60], Gen.Int[0, 4], Gen.Int[0, 3]).Sample((events, layoutIndex, terminator) =>
        {
            KeyboardLayout.TryGet(KeyboardLayout.Names[layoutIndex], out KeyboardLayout layout);
            var decoder = new KeyboardDecoder(layout, (ScanTerminator)terminator);
            foreach (InputEvent e in events)
            {
                if (decoder.Feed(e) is KeyboardScan scan)
                {
                    Assert.NotNull(scan.Text);
                }
            }

            decoder.Flush();
            Assert.False(decoder.HasPartial);
        }, iter: Iterations);
    }

    [Fact]
    public void Random_bytes_from_an_evdev_node_go_through_framer_and_decoder_without_exceptions()
    {
        Gen.Select(Gen.Byte.Array[0, 400], Gen.Int[0, 400], Gen.Bool, Gen.Int[0, 4]).Sample((bytes, split, wide, layoutIndex) =>
        {
            var framer = new InputEventFramer(wide ? 24 : 16);
            var events = new List<InputEvent>();
            int at = Math.Min(split, bytes.Length);
            framer.Decode(bytes.AsSpan(0, at), events);
            framer.Decode(bytes.AsSpan(at), events);
            Assert.Equal(bytes.Length / framer.EventSize, events.Count);

            KeyboardLayout.TryGet(KeyboardLayout.Names[layoutIndex], out KeyboardLayout layout);
            var decoder = new KeyboardDecoder(layout, ScanTerminator.EnterOrTab);
            foreach (InputEvent e in events)
            {
                decoder.Feed(e);
            }

            decoder.Flush();
        }, iter: Iterations);
    }

    [Fact]
    public void Serial_frame_decoder_never_throws_and_frames_carry_no_suffix()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[0, 4]).Sample((bytes, framing) =>
        {
            var f = (SerialFraming)framing;
            var decoder = new SerialFrameDecoder(f, f == SerialFraming.Suffix ? [0x03] : []);
            var frames = new List<(byte[]? Frame, string? Problem)>();
            decoder.Feed(bytes, frames);
            decoder.Flush();
            foreach (var (frame, _) in frames)
            {
                Assert.True(frame is null || f != SerialFraming.Line || !frame.Any(b => b is 0x0D or 0x0A));
            }
        }, iter: Iterations);
    }
}
