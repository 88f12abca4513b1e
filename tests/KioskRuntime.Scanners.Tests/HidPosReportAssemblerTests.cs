using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Tests.Support;

namespace KioskRuntime.Scanners.Tests;

public sealed class HidPosReportAssemblerTests
{
    private readonly HidPosReportAssembler _assembler = new(HidPosLayout.Honeywell64);

    [Fact]
    public void One_report_gives_the_data_and_AIM_id()
    {
        byte[] report = HidPosFixtures.Reports(HidPosFixtures.Ascii("7038010001659"))[0];

        HidPosReportResult r = _assembler.Accept(report);

        Assert.Equal(HidPosReportOutcome.Complete, r.Outcome);
        Assert.Equal("7038010001659", System.Text.Encoding.ASCII.GetString(r.Data!));
        Assert.Equal("]E0", r.SymbologyId);
    }

    [Fact]
    public void Continued_reports_are_joined_until_the_bit_is_clear()
    {
        string gs1 = "0107038010001659" + "10" + new string('A', 20) + "\u001D" + "21" + new string('9', 20) + "\u001D" + "3103001250";
        List<byte[]> reports = HidPosFixtures.Reports(HidPosFixtures.Ascii(gs1), "]C1");
        Assert.Equal(2, reports.Count);

        Assert.Equal(HidPosReportOutcome.Pending, _assembler.Accept(reports[0]).Outcome);
        Assert.True(_assembler.HasPending);
        HidPosReportResult r = _assembler.Accept(reports[1]);

        Assert.Equal(HidPosReportOutcome.Complete, r.Outcome);
        Assert.Equal(gs1, System.Text.Encoding.Latin1.GetString(r.Data!));
        Assert.Equal("]C1", r.SymbologyId);
        Assert.False(_assembler.HasPending);
    }

    [Fact]
    public void Length_byte_beyond_the_data_field_is_rejected_with_the_numbers()
    {
        byte[] report = HidPosFixtures.Reports(HidPosFixtures.Ascii("123"))[0];
        report[1] = 200;

        HidPosReportResult r = _assembler.Accept(report);

        Assert.Equal(HidPosReportOutcome.Rejected, r.Outcome);
        Assert.Contains("says 200 bytes, the data field holds 56", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_report_is_rejected_and_drops_a_pending_scan()
    {
        List<byte[]> reports = HidPosFixtures.Reports(new byte[100]);
        _assembler.Accept(reports[0]);

        HidPosReportResult r = _assembler.Accept(reports[1].AsSpan(0, 20));

        Assert.Equal(HidPosReportOutcome.Rejected, r.Outcome);
        Assert.Contains("truncated report: 20 bytes", r.Reason, StringComparison.Ordinal);
        Assert.Contains("dropped 56 bytes", r.Reason, StringComparison.Ordinal);
        Assert.False(_assembler.HasPending);
    }

    [Fact]
    public void Other_report_ids_are_ignored()
    {
        byte[] report = HidPosFixtures.Reports(HidPosFixtures.Ascii("1"))[0];
        report[0] = 0x03;

        Assert.Equal(HidPosReportOutcome.Ignored, _assembler.Accept(report).Outcome);
    }

    [Fact]
    public void Garbage_in_the_AIM_bytes_is_rejected()
    {
        byte[] report = HidPosFixtures.Reports(HidPosFixtures.Ascii("123"))[0];
        report[2] = 0xFF;

        HidPosReportResult r = _assembler.Accept(report);

        Assert.Equal(HidPosReportOutcome.Rejected, r.Outcome);
        Assert.Contains("not an AIM id", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_AIM_bytes_mean_no_symbology_id()
    {
        byte[] report = HidPosFixtures.Reports(HidPosFixtures.Ascii("123"))[0];
        report[2] = report[3] = report[4] = 0;

        HidPosReportResult r = _assembler.Accept(report);

        Assert.Equal(HidPosReportOutcome.Complete, r.Outcome);
        Assert.Null(r.SymbologyId);
    }

    [Fact]
    public void Abandoning_a_continued_scan_reports_how_much_was_lost()
    {
        _assembler.Accept(HidPosFixtures.Reports(new byte[70])[0]);

        HidPosReportResult? r = _assembler.Abandon();

        Assert.Contains("56 bytes received", r!.Value.Reason, StringComparison.Ordinal);
        Assert.Null(_assembler.Abandon());
    }
}
