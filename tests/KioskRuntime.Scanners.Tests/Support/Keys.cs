using KioskRuntime.Scanners.Evdev;

namespace KioskRuntime.Scanners.Tests.Support;

/// <summary>Builds the event sequences a USB keyboard (or a scanner in keyboard mode) makes the kernel emit.</summary>
internal static class Keys
{
    public const ushort LeftShift = 42, LeftCtrl = 29, LeftAlt = 56, RightAlt = 100, Enter = 28, Tab = 15, NumLock = 69;
    public const ushort Semicolon = 39, Apostrophe = 40, LeftBrace = 26, RightBrace = 27, Slash = 53, Minus = 12, Key7 = 8, Equal = 13;

    private static readonly Dictionary<char, ushort> Digits = new()
    {
        ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['0'] = 11,
    };

    private static readonly Dictionary<char, ushort> KeypadDigits = new()
    {
        ['7'] = 71, ['8'] = 72, ['9'] = 73, ['4'] = 75, ['5'] = 76, ['6'] = 77, ['1'] = 79, ['2'] = 80, ['3'] = 81, ['0'] = 82,
    };

    /// <summary>
    /// One key stroke as the kernel reports it from a USB keyboard: EV_MSC/MSC_SCAN with the HID usage, EV_KEY press, EV_SYN,
    /// then the same for the release.
    /// </summary>
    public static IEnumerable<InputEvent> Stroke(ushort code)
    {
        int usage = 0x70000 + code; // the MSC_SCAN value is the HID usage (page 7); exact value does not matter to the decoder
        yield return new InputEvent(InputEvent.EV_MSC, 4, usage);
        yield return new InputEvent(InputEvent.EV_KEY, code, 1);
        yield return new InputEvent(InputEvent.EV_SYN, 0, 0);
        yield return new InputEvent(InputEvent.EV_MSC, 4, usage);
        yield return new InputEvent(InputEvent.EV_KEY, code, 0);
        yield return new InputEvent(InputEvent.EV_SYN, 0, 0);
    }

    public static IEnumerable<InputEvent> Down(ushort code) => [new(InputEvent.EV_KEY, code, 1), new(InputEvent.EV_SYN, 0, 0)];

    public static IEnumerable<InputEvent> Up(ushort code) => [new(InputEvent.EV_KEY, code, 0), new(InputEvent.EV_SYN, 0, 0)];

    public static IEnumerable<InputEvent> With(ushort modifier, params ushort[] codes) =>
        Down(modifier).Concat(codes.SelectMany(Stroke)).Concat(Up(modifier));

    /// <summary>Digits typed on the main row.</summary>
    public static IEnumerable<InputEvent> Type(string digits) => digits.SelectMany(c => Stroke(Digits[c]));

    /// <summary>
    /// Text typed on a US layout, as a scanner in keyboard mode types it: letters, digits and the punctuation of a URI, with Shift
    /// held for capitals, ':', '?' and '&amp;' (Linux input-event-codes.h: KEY_Q = 16 … KEY_M = 50, KEY_DOT = 52).
    /// </summary>
    public static IEnumerable<InputEvent> TypeUs(string text) => text.SelectMany(c => UsKey(c) switch
    {
        (var code, false) => Stroke(code),
        (var code, true) => With(LeftShift, code),
    });

    private static (ushort Code, bool Shift) UsKey(char c)
    {
        if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
        {
            char lower = char.ToLowerInvariant(c);
            int top = "qwertyuiop".IndexOf(lower, StringComparison.Ordinal);
            int home = "asdfghjkl".IndexOf(lower, StringComparison.Ordinal);
            int bottom = "zxcvbnm".IndexOf(lower, StringComparison.Ordinal);
            ushort code = (ushort)(top >= 0 ? 16 + top : home >= 0 ? 30 + home : 44 + bottom);
            return (code, char.IsUpper(c));
        }

        return c switch
        {
            >= '0' and <= '9' => (Digits[c], false),
            ':' => (Semicolon, true),
            '/' => (Slash, false),
            '?' => (Slash, true),
            '.' => (52, false),
            '-' => (Minus, false),
            '=' => (Equal, false),
            '&' => (Key7, true),
            ']' => (RightBrace, false),
            _ => throw new ArgumentException($"no US key for '{c}'", nameof(c)),
        };
    }

    /// <summary>Alt held while the digits are typed on the keypad (Alt+0029 …).</summary>
    public static IEnumerable<InputEvent> AltCode(string digits) =>
        Down(LeftAlt).Concat(digits.SelectMany(c => Stroke(KeypadDigits[c]))).Concat(Up(LeftAlt));

    public static byte[] Bytes(IEnumerable<InputEvent> events, int eventSize) =>
        [.. events.SelectMany(e => InputEventFramer.Encode(eventSize, e, seconds: 1_764_222_000, microseconds: 123_456))];
}
