using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Display;
using KioskRuntime.Peripherals.Tests.Fakes;

namespace KioskRuntime.Peripherals.Tests;

public sealed class Hd44780DisplayTests
{
    private readonly ManualTimeProvider _time = new();
    private FakeI2cLcd _bus = new();

    private Hd44780Display Display(int columns = 20, LcdRom rom = LcdRom.A00) =>
        new("display", new Hd44780DisplayOptions { Columns = columns, Rows = 2, Rom = rom }, _time, new TestLogger<Hd44780Display>(), () => _bus);

    [Fact]
    public async Task Lines_reach_the_glass_padded_to_the_width()
    {
        using var display = Display();
        using var stop = new CancellationTokenSource();
        _ = display.RunAsync(stop.Token);
        Assert.Equal(DeviceState.Ready, display.Status.State);
        await display.ShowAsync("Velkommen", "Skann en vare", default);
        Assert.Equal("Velkommen           ", _bus.Row(0, 20));
        Assert.Equal("Skann en vare       ", _bus.Row(1, 20));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Norwegian_letters_use_the_custom_glyphs_loaded_into_cgram()
    {
        using var display = Display();
        using var stop = new CancellationTokenSource();
        _ = display.RunAsync(stop.Token);
        await display.ShowAsync("Blåbær Søt", "ÆØÅ æøå", default);
        Assert.Equal("Blåbær Søt          ", _bus.Row(0, 20));
        Assert.Equal("ÆØÅ æøå             ", _bus.Row(1, 20));
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(LcdText.NorwegianGlyphs[i], _bus.Glyph(i));
        }

        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_tab_right_aligns_the_price_and_the_name_is_cut_to_make_room()
    {
        using var display = Display(columns: 16);
        using var stop = new CancellationTokenSource();
        _ = display.RunAsync(stop.Token);
        await display.ShowAsync("Lettmelk 1,75 liter\t24,90", "Totalt\t124,90", default);
        Assert.Equal("Lettmelk 1 24,90", _bus.Row(0, 16));
        Assert.Equal("Totalt    124,90", _bus.Row(1, 16));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task An_unchanged_line_is_not_written_again()
    {
        using var display = Display();
        using var stop = new CancellationTokenSource();
        _ = display.RunAsync(stop.Token);
        await display.ShowAsync("Totalt\t42,00", "Betal med kort", default);
        int before = _bus.DataWrites;
        await display.ShowAsync("Totalt\t43,00", "Betal med kort", default);
        Assert.Equal(before + 20, _bus.DataWrites);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task After_a_bus_error_it_reopens_reloads_the_glyphs_and_redraws()
    {
        using var display = Display();
        using var stop = new CancellationTokenSource();
        _ = display.RunAsync(stop.Token);
        _bus.Fail = true;
        await display.ShowAsync("Takk for handelen", "Ha en fin dag", default);
        Assert.Equal(DeviceState.Disconnected, display.Status.State);

        _bus = new FakeI2cLcd();
        _time.Advance(TimeSpan.FromSeconds(1));
        await Wait.Until(() => display.Status.State == DeviceState.Ready);
        Assert.Equal("Takk for handelen   ", _bus.Row(0, 20));
        Assert.Equal(LcdText.NorwegianGlyphs[2], _bus.Glyph(2));
        await stop.CancelAsync();
    }

    [Theory]
    [InlineData("Crème brûlée", LcdRom.A00, "Creme brulee")]
    [InlineData(@"a\b~c", LcdRom.A00, "a/b-c")]
    [InlineData("10 €", LcdRom.A00, "10 E")]
    [InlineData("日本", LcdRom.A00, "??")]
    public void Text_outside_the_rom_is_approximated(string text, LcdRom rom, string expected)
    {
        Assert.Equal(expected, new string(LcdText.Encode(text, rom).Select(b => (char)b).ToArray()));
    }

    [Fact]
    public void The_a02_rom_has_the_norwegian_letters_in_latin1_positions()
    {
        Assert.Equal([0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5], LcdText.Encode("æøåÆØÅ", LcdRom.A02));
    }

    [Fact]
    public void A_right_part_wider_than_the_display_is_cut()
    {
        Assert.Equal("12345678"u8.ToArray(), LcdText.Fit("x\t123456789", 8, LcdRom.A00));
    }
}
