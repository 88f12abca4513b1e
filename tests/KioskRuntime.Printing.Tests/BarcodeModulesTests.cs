using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Rendering;

namespace KioskRuntime.Printing.Tests;

public sealed class BarcodeModulesTests
{
    [Fact]
    public void Ean13_has_95_modules_guards_and_parity_by_the_first_digit()
    {
        var modules = BarcodeModules.Ean13("5901234123457");
        Assert.Equal(95, modules.Length);
        Assert.Equal([true, false, true], modules[..3]);
        Assert.Equal([false, true, false, true, false], modules[45..50]);
        Assert.Equal([true, false, true], modules[92..]);
        // Left digits: L patterns have an odd number of bars, G an even one; first digit 5 = L G G L L G.
        var parity = Enumerable.Range(0, 6).Select(i => modules[(3 + (i * 7))..(10 + (i * 7))].Count(b => b) % 2 == 1 ? 'L' : 'G');
        Assert.Equal("LGGLLG", string.Concat(parity));
        // Every left symbol starts with a space and ends with a bar; every right one starts with a bar and ends with a space.
        for (var i = 0; i < 6; i++)
        {
            Assert.False(modules[3 + (i * 7)]);
            Assert.True(modules[9 + (i * 7)]);
            Assert.True(modules[50 + (i * 7)]);
            Assert.False(modules[56 + (i * 7)]);
        }
    }

    [Fact]
    public void Code128_symbols_are_eleven_modules_with_an_even_bar_count_and_the_stop_is_thirteen()
    {
        // "Wikipedia" in code B: start 104, data, check (104 + Σ i·v) mod 103 = 88, stop.
        var modules = BarcodeModules.Code128(EscPosEncoder.Code128Data("Wikipedia", gs1: false));
        Assert.Equal((11 * (1 + 9 + 1)) + 13, modules.Length);
        for (var s = 0; s < 11; s++)
        {
            var symbol = modules[(s * 11)..((s + 1) * 11)];
            Assert.True(symbol[0]);
            Assert.False(symbol[10]);
            Assert.Equal(0, symbol.Count(b => b) % 2);
        }

        Assert.Equal(Widths(BarcodeModules.Code128("{B"u8.ToArray().Concat(new[] { (byte)('!' + 88 - 1) }).ToArray())[11..22]), Widths(modules[(10 * 11)..(11 * 11)]));
        Assert.True(modules[^1]);
    }

    [Fact]
    public void Previews_draw_real_bars_for_ean13_and_code128()
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var bytes = new EscPosEncoder().Encode(new ReceiptDocument(42, [new BarcodeElement(BarcodeSymbology.Ean13, "5901234123457"), new BarcodeElement(BarcodeSymbology.Code128, "R-1")]), caps);
        var html = ReceiptPreview.Html(bytes, caps);
        Assert.Equal(2, html.Split("<svg").Length - 1);
        var image = ReceiptPngRenderer.RenderImage(EscPosDecoder.Decode(bytes), 512);
        // The first EAN-13 guard bar sits where the centred 95-module, 2-dot symbol starts.
        var left = 8 + ((512 - 190) / 2);
        Assert.True(image.IsBlack(left, 20));
        Assert.True(image.IsBlack(left + 1, 20));
        Assert.False(image.IsBlack(left + 2, 20));
    }

    private static string Widths(bool[] modules)
    {
        var widths = new List<int>();
        var run = 1;
        for (var i = 1; i <= modules.Length; i++)
        {
            if (i < modules.Length && modules[i] == modules[i - 1])
            {
                run++;
                continue;
            }

            widths.Add(run);
            run = 1;
        }

        return string.Concat(widths);
    }
}
