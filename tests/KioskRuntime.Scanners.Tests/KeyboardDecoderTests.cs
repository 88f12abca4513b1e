using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Tests.Support;

namespace KioskRuntime.Scanners.Tests;

public sealed class KeyboardDecoderTests
{
    private static KeyboardScan? Run(string layout, IEnumerable<InputEvent> events, ScanTerminator terminator = ScanTerminator.Enter)
    {
        Assert.True(KeyboardLayout.TryGet(layout, out KeyboardLayout l));
        var decoder = new KeyboardDecoder(l, terminator);
        KeyboardScan? last = null;
        foreach (InputEvent e in events)
        {
            last = decoder.Feed(e) ?? last;
        }

        return last;
    }

    [Theory]
    [InlineData("us", ";")]
    [InlineData("no", "ø")]
    [InlineData("dk", "æ")]
    [InlineData("se", "ö")]
    [InlineData("de", "ö")]
    public void The_same_key_types_what_the_layout_says(string layout, string expected)
    {
        KeyboardScan? scan = Run(layout, Keys.Stroke(Keys.Semicolon).Concat(Keys.Stroke(Keys.Enter)));

        Assert.Equal(expected, scan?.Text);
    }

    [Theory]
    [InlineData("no", Keys.Apostrophe, "æ")]
    [InlineData("dk", Keys.Apostrophe, "ø")]
    [InlineData("no", Keys.LeftBrace, "å")]
    [InlineData("no", Keys.Slash, "-")]
    [InlineData("us", Keys.Slash, "/")]
    [InlineData("no", Keys.Minus, "+")]
    public void Nordic_positions(string layout, ushort key, string expected) =>
        Assert.Equal(expected, Run(layout, Keys.Stroke(key).Concat(Keys.Stroke(Keys.Enter)))?.Text);

    [Theory]
    [InlineData("no", "/")]
    [InlineData("de", "/")]
    [InlineData("us", "&")]
    public void Shift_7(string layout, string expected) =>
        Assert.Equal(expected, Run(layout, Keys.With(Keys.LeftShift, Keys.Key7).Concat(Keys.Stroke(Keys.Enter)))?.Text);

    [Fact]
    public void AltGr_2_is_the_at_sign_on_Nordic_layouts() =>
        Assert.Equal("@", Run("no", Keys.With(Keys.RightAlt, 3).Concat(Keys.Stroke(Keys.Enter)))?.Text);

    [Fact]
    public void A_scan_with_EAN_digits_and_Enter()
    {
        KeyboardScan? scan = Run("no", Keys.Type("7038010001659").Concat(Keys.Stroke(Keys.Enter)));

        Assert.Equal(new KeyboardScan("7038010001659", null), scan);
    }

    [Theory]
    [InlineData("us")]
    [InlineData("de")]
    public void Ctrl_rightbrace_and_Alt_0029_are_GS(string layout)
    {
        IEnumerable<InputEvent> events = Keys.Type("01")
            .Concat(Keys.With(Keys.LeftCtrl, Keys.RightBrace))
            .Concat(Keys.Type("10"))
            .Concat(Keys.AltCode("0029"))
            .Concat(Keys.Type("21"))
            .Concat(Keys.Stroke(Keys.Enter));

        Assert.Equal("01\u001D10\u001D21", Run(layout, events)?.Text);
    }

    [Fact]
    public void Alt_with_leading_zero_is_Windows_1252_and_without_is_the_OEM_page()
    {
        // Alt+0216 = Ø in Windows-1252; Alt+0128 = € (0x80 in 1252); Alt+157 = ¥ in code page 437.
        IEnumerable<InputEvent> events = Keys.AltCode("0216").Concat(Keys.AltCode("0128")).Concat(Keys.AltCode("157")).Concat(Keys.Stroke(Keys.Enter));

        Assert.Equal("Ø€¥", Run("us", events)?.Text);
    }

    [Fact]
    public void NumLock_and_repeats_are_ignored()
    {
        IEnumerable<InputEvent> events = Keys.Stroke(Keys.NumLock)
            .Concat(Keys.Type("5"))
            .Append(new InputEvent(InputEvent.EV_KEY, 6, 2))
            .Concat(Keys.Stroke(Keys.Enter));

        Assert.Equal("5", Run("us", events)?.Text);
    }

    [Fact]
    public void Dead_keys_compose_or_fall_back_to_their_spacing_form()
    {
        // Norwegian: Shift + the key right of '+' is dead grave; then 'e' gives è, then Space gives a lone `.
        IEnumerable<InputEvent> events = Keys.With(Keys.LeftShift, Keys.Equal).Concat(Keys.Stroke(18))
            .Concat(Keys.With(Keys.LeftShift, Keys.Equal)).Concat(Keys.Stroke(57))
            .Concat(Keys.Stroke(Keys.Enter));

        Assert.Equal("è`", Run("no", events)?.Text);
    }

    [Theory]
    [InlineData(ScanTerminator.Tab, Keys.Tab, "12")]
    [InlineData(ScanTerminator.Enter, 96, "12")]
    public void Terminators(ScanTerminator terminator, ushort key, string expected) =>
        Assert.Equal(expected, Run("us", Keys.Type("12").Concat(Keys.Stroke(key)), terminator)?.Text);

    [Fact]
    public void Enter_does_not_end_a_scan_when_Tab_is_the_terminator()
    {
        Assert.Null(Run("us", Keys.Type("12").Concat(Keys.Stroke(Keys.Enter)), ScanTerminator.Tab));
    }

    [Fact]
    public void A_key_without_a_character_rejects_the_scan_and_says_which()
    {
        KeyboardScan? scan = Run("us", Keys.Type("12").Concat(Keys.Stroke(59)).Concat(Keys.Stroke(Keys.Enter)));

        Assert.True(scan?.IsRejected);
        Assert.Contains("key code 59", scan!.Value.Problem, StringComparison.Ordinal);
        Assert.Equal("12", scan.Value.Text);
    }

    [Fact]
    public void Flush_returns_an_unterminated_scan_once()
    {
        Assert.True(KeyboardLayout.TryGet("us", out KeyboardLayout l));
        var decoder = new KeyboardDecoder(l);
        foreach (InputEvent e in Keys.Type("123"))
        {
            Assert.Null(decoder.Feed(e));
        }

        Assert.True(decoder.HasPartial);
        Assert.Equal("123", decoder.Flush()?.Text);
        Assert.Null(decoder.Flush());
    }

    [Theory]
    [InlineData(24)]
    [InlineData(16)]
    public void Input_events_round_trip_and_survive_split_reads(int size)
    {
        InputEvent[] events = [.. Keys.Stroke(30), .. Keys.Stroke(Keys.Enter)];
        byte[] bytes = Keys.Bytes(events, size);
        Assert.Equal(events.Length * size, bytes.Length);

        var framer = new InputEventFramer(size);
        var got = new List<InputEvent>();
        framer.Decode(bytes.AsSpan(0, 7), got);
        framer.Decode(bytes.AsSpan(7, size + 3), got);
        framer.Decode(bytes.AsSpan(size + 10), got);

        Assert.Equal(events, got);
    }

    [Fact]
    public void The_24_byte_layout_puts_type_code_value_after_two_longs()
    {
        byte[] bytes = InputEventFramer.Encode(24, new InputEvent(1, 28, 1), seconds: 5, microseconds: 6);

        Assert.Equal(new byte[] { 5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 1, 0, 28, 0, 1, 0, 0, 0 }, bytes);
        Assert.Equal(new byte[] { 5, 0, 0, 0, 6, 0, 0, 0, 1, 0, 28, 0, 1, 0, 0, 0 }, InputEventFramer.Encode(16, new InputEvent(1, 28, 1), 5, 6));
    }

    [Theory]
    [InlineData("us")]
    [InlineData("no")]
    [InlineData("dk")]
    [InlineData("se")]
    [InlineData("de")]
    public void Every_layout_types_all_digits_letters_and_the_Code_39_punctuation(string name)
    {
        Assert.True(KeyboardLayout.TryGet(name, out KeyboardLayout layout));
        var typed = new HashSet<char>();
        for (int code = 0; code < 128; code++)
        {
            foreach (var (shift, altGr) in new[] { (false, false), (true, false), (false, true) })
            {
                if (layout.TryMap(code, shift, altGr, out char c))
                {
                    typed.Add(c);
                }
            }
        }

        string needed = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%*";
        string missing = string.Concat(needed.Where(c => !typed.Contains(c)));
        Assert.True(missing.Length == 0, $"layout '{name}' cannot type: {missing}");
    }
}
