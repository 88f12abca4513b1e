using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Tests.Support;

namespace KioskRuntime.Scanners.Tests;

public sealed class HidDescriptorParserTests
{
    [Fact]
    public void Scanner_descriptor_yields_the_Honeywell_layout_from_its_usages()
    {
        HidReportDescriptor d = HidDescriptorParser.Parse(HidPosFixtures.ScannerDescriptor);
        Assert.True(HidPosLayout.TryFrom(d, out HidPosLayout? layout, out string? reason), reason);

        Assert.Equal(2, layout!.InputReportId);
        Assert.Equal(64, layout.InputReportLength);
        Assert.Equal(1, layout.LengthOffset);
        Assert.Equal(2, layout.SymbologyOffset);
        Assert.Equal(3, layout.SymbologyLength);
        Assert.Equal(5, layout.DataOffset);
        Assert.Equal(56, layout.DataCapacity);
        Assert.Equal(63, layout.ContinuedByte);
        Assert.Equal(0, layout.ContinuedBit);
        Assert.Equal(layout with { Output = null }, HidPosLayout.Honeywell64);
    }

    [Fact]
    public void Output_report_carries_the_beep_bits_where_the_descriptor_puts_them()
    {
        HidPosLayout.TryFrom(HidDescriptorParser.Parse(HidPosFixtures.ScannerDescriptor), out HidPosLayout? layout, out _);
        HidPosOutputLayout output = Assert.IsType<HidPosOutputLayout>(layout!.Output);

        Assert.Equal(new byte[] { 0x04, 0x08 }, output.BuildReport(errorBeep: false));
        Assert.Equal(new byte[] { 0x04, 0x04 }, output.BuildReport(errorBeep: true));
    }

    [Fact]
    public void Moving_the_data_field_moves_the_layout()
    {
        // Same descriptor with a 32-byte data field: everything after it shifts, so nothing may be hard-coded.
        byte[] bytes = (byte[])HidPosFixtures.ScannerDescriptor.Clone();
        int at = Array.IndexOf(bytes, (byte)0x38);
        bytes[at] = 32;
        HidPosLayout.TryFrom(HidDescriptorParser.Parse(bytes), out HidPosLayout? layout, out string? reason);

        Assert.NotNull(layout);
        Assert.Null(reason);
        Assert.Equal(32, layout!.DataCapacity);
        Assert.Equal(39, layout.ContinuedByte);
        Assert.Equal(40, layout.InputReportLength);
    }

    [Fact]
    public void Keyboard_descriptor_is_not_a_HID_POS_scanner()
    {
        HidReportDescriptor d = HidDescriptorParser.Parse(HidPosFixtures.KeyboardDescriptor);

        Assert.False(HidPosLayout.IsHidPosScanner(d));
        Assert.False(HidPosLayout.TryFrom(d, out _, out string? reason));
        Assert.Contains("0x8C", reason, StringComparison.Ordinal);
        Assert.Equal(8, d.ReportLength(HidReportKind.Input, 0));
        Assert.False(d.UsesReportIds);
    }

    [Theory]
    [InlineData(new byte[] { 0x05, 0x8C, 0x26, 0xFF }, 2, "needs 2 data bytes")]
    [InlineData(new byte[] { 0x05, 0x8C, 0xC0 }, 2, "End Collection without")]
    [InlineData(new byte[] { 0x09, 0x02, 0xA1, 0x01 }, 4, "not closed")]
    [InlineData(new byte[] { 0xB4 }, 0, "Pop without")]
    [InlineData(new byte[] { 0x85, 0x00 }, 0, "Report ID 0")]
    [InlineData(new byte[] { 0x75, 0x08, 0x95, 0x01, 0x29, 0x05 }, 4, "Usage Maximum without")]
    [InlineData(new byte[] { 0xFE, 0x10, 0x00, 0x01 }, 0, "long item")]
    public void Malformed_descriptors_name_the_offset(byte[] bytes, int offset, string problem)
    {
        var ex = Assert.Throws<HidDescriptorException>(() => HidDescriptorParser.Parse(bytes));

        Assert.Equal(offset, ex.Offset);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_and_pop_restore_global_state()
    {
        byte[] bytes =
        [
            0x05, 0x8C, 0x75, 0x08, 0x95, 0x02, 0xA4, // page 8C, size 8, count 2, Push
            0x75, 0x01, 0x95, 0x03, 0x81, 0x02,       // 3 x 1 bit
            0xB4, 0x09, 0xFE, 0x81, 0x02,             // Pop: 2 x 8 bit again
        ];
        HidReportDescriptor d = HidDescriptorParser.Parse(bytes);

        Assert.Equal(2, d.Fields.Count);
        Assert.Equal((1, 3, 0), (d.Fields[0].Size, d.Fields[0].Count, d.Fields[0].BitOffset));
        Assert.Equal((8, 2, 3), (d.Fields[1].Size, d.Fields[1].Count, d.Fields[1].BitOffset));
        Assert.Equal(new HidUsage(0x8C, 0xFE), d.Fields[1].Usages[0]);
    }
}
