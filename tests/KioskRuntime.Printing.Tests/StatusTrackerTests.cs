using KioskRuntime.Devices;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos.Status;

namespace KioskRuntime.Printing.Tests;

public sealed class StatusTrackerTests
{
    [Fact]
    public void No_answer_is_unknown()
    {
        Assert.Equal(PrinterCondition.Unknown, new PrinterStatusTracker().Condition);
    }

    [Theory]
    [InlineData(0x12, 0x12, 0x12, PrinterCondition.Ready)]
    [InlineData(0x12, 0x12, 0x1E, PrinterCondition.PaperNearEnd)]
    [InlineData(0x1A, 0x32, 0x72, PrinterCondition.PaperOut)]
    [InlineData(0x1A, 0x16, 0x12, PrinterCondition.CoverOpen)]
    [InlineData(0x1A, 0x12, 0x12, PrinterCondition.Offline)]
    public void Dle_eot_replies_map_to_conditions(byte r1, byte r2, byte r4, PrinterCondition expected)
    {
        var tracker = new PrinterStatusTracker();
        tracker.ExpectRealTime(1);
        tracker.ExpectRealTime(2);
        tracker.ExpectRealTime(4);
        tracker.Feed([r1, r2, r4]);
        Assert.Equal(expected, tracker.Condition);
        Assert.Equal(0, tracker.StaleBytes);
    }

    [Fact]
    public void Cutter_error_from_dle_eot_3()
    {
        var tracker = new PrinterStatusTracker();
        tracker.ExpectRealTime(3);
        tracker.Feed([0x1A]);
        Assert.Equal(PrinterCondition.CutterError, tracker.Condition);
    }

    [Fact]
    public void Asb_frames_and_dle_eot_replies_are_told_apart_by_bit_pattern()
    {
        var tracker = new PrinterStatusTracker();
        tracker.ExpectRealTime(2);
        // ASB: cover open (byte 1 bit 5), then a DLE EOT 2 reply in between frames, then an ASB with paper end.
        tracker.Feed([0x30, 0x00, 0x00, 0x00]);
        Assert.Equal(PrinterCondition.CoverOpen, tracker.Condition);
        tracker.Feed([0x12]);
        Assert.Equal(1, tracker.RealTimeReplies);
        Assert.Equal(PrinterCondition.Ready, tracker.Condition);
        tracker.Feed([0x10, 0x00, 0x0C, 0x00]);
        Assert.Equal(PrinterCondition.PaperOut, tracker.Condition);
        tracker.Feed([0x10, 0x00, 0x03, 0x00]);
        Assert.Equal(PrinterCondition.PaperNearEnd, tracker.Condition);
        tracker.Feed([0x10, 0x08, 0x00, 0x00]);
        Assert.Equal(PrinterCondition.CutterError, tracker.Condition);
    }

    [Fact]
    public void Unasked_replies_are_stale_and_ignored()
    {
        var tracker = new PrinterStatusTracker();
        tracker.Feed([0x32, 0x12]);
        Assert.Equal(2, tracker.StaleBytes);
        Assert.Equal(PrinterCondition.Unknown, tracker.Condition);
    }

    [Fact]
    public void Fence_reply_is_counted_only_when_asked_for()
    {
        var tracker = new PrinterStatusTracker();
        tracker.Feed([0x00]);
        Assert.Equal(0, tracker.FencesAnswered);
        tracker.ExpectFence();
        tracker.Feed([0x03]);
        Assert.Equal(1, tracker.FencesAnswered);
        Assert.Equal(PrinterCondition.PaperNearEnd, tracker.Condition);
    }

    [Fact]
    public void Asb_frame_split_across_reads_is_assembled()
    {
        var tracker = new PrinterStatusTracker();
        tracker.Feed([0x18, 0x00]);
        Assert.Equal(PrinterCondition.Unknown, tracker.Condition);
        tracker.Feed([0x00, 0x00]);
        Assert.Equal(PrinterCondition.Offline, tracker.Condition);
    }
}
