using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Receipts.Norway;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Tests;

/// <summary>
/// Printing's three layers, one assembly each: the codec knows no country and no transport; a receipt layout knows no transport;
/// a transport knows no receipt. The project references make this a compile error; this test names the rule if a reference is added.
/// </summary>
public sealed class LayeringTests
{
    private static string[] References(Type t) => [.. t.Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void The_codec_references_neither_receipts_nor_transports()
    {
        Assert.Equal("KioskRuntime.Printing.EscPos", typeof(EscPosEncoder).Assembly.GetName().Name);
        Assert.DoesNotContain("KioskRuntime.Printing.Receipts", References(typeof(EscPosEncoder)));
        Assert.DoesNotContain("KioskRuntime.Printing", References(typeof(EscPosEncoder)));
    }

    [Fact]
    public void Receipt_layouts_use_the_codec_and_no_transport()
    {
        Assert.Equal("KioskRuntime.Printing.Receipts", typeof(NorwegianReceiptLayout).Assembly.GetName().Name);
        Assert.Contains("KioskRuntime.Printing.EscPos", References(typeof(NorwegianReceiptLayout)));
        Assert.DoesNotContain("KioskRuntime.Printing", References(typeof(NorwegianReceiptLayout)));
    }

    [Fact]
    public void Transports_use_the_codec_and_no_receipt_layout()
    {
        Assert.Equal("KioskRuntime.Printing", typeof(Tcp9100Printer).Assembly.GetName().Name);
        Assert.Contains("KioskRuntime.Printing.EscPos", References(typeof(Tcp9100Printer)));
        Assert.DoesNotContain("KioskRuntime.Printing.Receipts", References(typeof(Tcp9100Printer)));
    }
}
