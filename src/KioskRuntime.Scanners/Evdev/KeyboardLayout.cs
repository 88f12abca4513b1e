using System.Collections.Frozen;

namespace KioskRuntime.Scanners.Evdev;

/// <summary>
/// What each key position types on a keyboard layout the scanner is set to: plain, with Shift, with AltGr (right Alt).
/// A combining mark (U+0300…U+036F) in the table is a dead key. Immutable and thread-safe.
/// </summary>
public sealed partial class KeyboardLayout
{
    private const char None = '\0';
    private readonly FrozenDictionary<int, (char Plain, char Shift, char AltGr)> _keys;

    private KeyboardLayout(string name, Dictionary<int, (char, char, char)> keys)
    {
        Name = name;
        _keys = keys.ToFrozenDictionary();
    }

    /// <summary>The layout's name as written in profiles (<c>us</c>, <c>no</c>, <c>dk</c>, <c>se</c>, <c>de</c>).</summary>
    public string Name { get; }

    /// <summary>Layout names this build knows.</summary>
    public static IReadOnlyList<string> Names => ["us", "no", "dk", "se", "de"];

    /// <summary>Looks a layout up by profile name (case-insensitive).</summary>
    public static bool TryGet(string name, out KeyboardLayout layout)
    {
        KeyboardLayout? found = name?.ToLowerInvariant() switch
        {
            "us" => Us,
            "no" or "nb" => Norwegian,
            "dk" or "da" => Danish,
            "se" or "sv" => Swedish,
            "de" => German,
            _ => null,
        };
        layout = found!;
        return found is not null;
    }

    /// <summary>The character (or dead-key combining mark) for a key, or false if this layout types nothing there.</summary>
    public bool TryMap(int keyCode, bool shift, bool altGr, out char c)
    {
        c = None;
        if (!_keys.TryGetValue(keyCode, out var k))
        {
            return false;
        }

        c = altGr ? k.AltGr : shift ? k.Shift : k.Plain;
        return c != None;
    }

    /// <summary>True for a dead key's combining mark.</summary>
    public static bool IsDead(char c) => c is >= '\u0300' and <= '\u036F';

    /// <summary>The spacing form a dead key types when followed by Space or by a letter it cannot combine with.</summary>
    public static char SpacingForm(char dead) => dead switch
    {
        '\u0300' => '`',
        '\u0301' => '\u00B4',
        '\u0302' => '^',
        '\u0303' => '~',
        '\u0308' => '\u00A8',
        _ => dead,
    };

    /// <summary>Builds a layout from rows of key positions; each row lists consecutive key codes from <c>first</c>.</summary>
    private static KeyboardLayout Build(string name, params (int First, string Plain, string Shift, string AltGr)[] rows)
    {
        var keys = new Dictionary<int, (char, char, char)>();
        foreach (var (first, plain, shift, altGr) in rows)
        {
            for (int i = 0; i < plain.Length; i++)
            {
                keys[first + i] = (plain[i], i < shift.Length ? shift[i] : None, i < altGr.Length ? altGr[i] : None);
            }
        }

        // Position-independent keys: space and the keypad (read as digits whatever the NumLock state; scanners assume it on).
        keys[KeyCodes.Space] = (' ', ' ', None);
        foreach (var (code, ch) in new[]
                 {
                     (KeyCodes.Kp0, '0'), (KeyCodes.Kp1, '1'), (KeyCodes.Kp2, '2'), (KeyCodes.Kp3, '3'), (KeyCodes.Kp4, '4'),
                     (KeyCodes.Kp5, '5'), (KeyCodes.Kp6, '6'), (KeyCodes.Kp7, '7'), (KeyCodes.Kp8, '8'), (KeyCodes.Kp9, '9'),
                     (KeyCodes.KpAsterisk, '*'), (KeyCodes.KpMinus, '-'), (KeyCodes.KpPlus, '+'), (KeyCodes.KpSlash, '/'),
                 })
        {
            keys[code] = (ch, ch, None);
        }

        keys[KeyCodes.KpDot] = name == "us" ? ('.', '.', None) : (',', ',', None); // kpdl(comma) on the Nordic and German layouts
        return new KeyboardLayout(name, keys);
    }
}
