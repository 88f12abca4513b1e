using System.Globalization;
using System.Text;

namespace KioskRuntime.Scanners.Evdev;

/// <summary>Which keys end a scan.</summary>
public enum ScanTerminator
{
    /// <summary>KEY_ENTER or KEY_KPENTER.</summary>
    Enter,
    Tab,
    EnterOrTab,
    /// <summary>No terminator key: a scan ends after the partial-scan timeout of silence.</summary>
    None,
}

/// <summary>A finished keyboard-wedge scan: the text, or why it is not a barcode. Immutable.</summary>
public readonly record struct KeyboardScan(string Text, string? Problem)
{
    public bool IsRejected => Problem is not null;
}

/// <summary>
/// Turns evdev key events into text on a <see cref="KeyboardLayout"/>: Shift/AltGr/CapsLock, dead keys, Ctrl+key control codes
/// (Ctrl+] = GS 0x1D, by US key position as scanners send them), Alt+keypad composition (Alt+0ddd = Windows-1252, Alt+ddd = the OEM
/// code page, 437 by default, as Windows does), and terminator keys. EV_MSC, EV_SYN, EV_LED and key repeats (value 2) are ignored.
/// Never throws for any event sequence. Not thread-safe: one per reading loop.
/// </summary>
public sealed class KeyboardDecoder
{
    private const int MaxScanLength = 4096;
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private readonly KeyboardLayout _layout;
    private readonly ScanTerminator _terminator;
    private readonly Encoding _oem;
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _altDigits = new();
    private bool _leftShift, _rightShift, _leftCtrl, _rightCtrl, _leftAlt, _altGr, _capsLock;
    private char _dead;
    private string? _problem;

    public KeyboardDecoder(KeyboardLayout layout, ScanTerminator terminator = ScanTerminator.Enter, int oemCodePage = 437)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _terminator = terminator;
        _oem = CodePagesEncodingProvider.Instance.GetEncoding(oemCodePage)
               ?? throw new ArgumentOutOfRangeException(nameof(oemCodePage), oemCodePage, "Unknown OEM code page.");
    }

    /// <summary>True while characters of an unfinished scan are buffered.</summary>
    public bool HasPartial => _text.Length > 0 || _altDigits.Length > 0 || _dead != '\0' || _problem is not null;

    /// <summary>Feeds one event; returns a scan when a terminator key completes one.</summary>
    public KeyboardScan? Feed(InputEvent e)
    {
        if (e.Type != InputEvent.EV_KEY || e.Value == 2)
        {
            return null;
        }

        bool down = e.Value != 0;
        switch (e.Code)
        {
            case KeyCodes.LeftShift: _leftShift = down; return null;
            case KeyCodes.RightShift: _rightShift = down; return null;
            case KeyCodes.LeftCtrl: _leftCtrl = down; return null;
            case KeyCodes.RightCtrl: _rightCtrl = down; return null;
            case KeyCodes.RightAlt: _altGr = down; return null;
            case KeyCodes.LeftAlt:
                _leftAlt = down;
                if (!down)
                {
                    ComposeAltCode();
                }

                return null;
            case KeyCodes.CapsLock:
                _capsLock ^= down;
                return null;
            case KeyCodes.NumLock:
                return null;
        }

        if (!down)
        {
            return null;
        }

        if (IsTerminator(e.Code))
        {
            return _text.Length == 0 && _problem is null ? null : Complete();
        }

        if (_leftAlt && !_altGr && KeyCodes.KeypadDigit(e.Code) is int digit and >= 0)
        {
            if (_altDigits.Length < 6)
            {
                _altDigits.Append((char)('0' + digit));
            }
            else
            {
                Problem("Alt+keypad code longer than 6 digits");
            }

            return null;
        }

        if (_leftCtrl || _rightCtrl)
        {
            char? control = ControlCode(e.Code, _leftShift || _rightShift);
            if (control is char cc)
            {
                Append(cc);
            }
            else
            {
                Problem($"Ctrl+key code {e.Code} is no control character");
            }

            return null;
        }

        if (!_layout.TryMap(e.Code, _leftShift || _rightShift, _altGr, out char c))
        {
            Problem($"key code {e.Code}{(_altGr ? " with AltGr" : "")} types nothing on layout '{_layout.Name}'");
            return null;
        }

        if (_capsLock && char.IsLetter(c))
        {
            c = char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
        }

        TypeChar(c);
        return null;
    }

    /// <summary>Ends the scan after silence (the partial-scan timeout). Returns it, or null if nothing was buffered.</summary>
    public KeyboardScan? Flush()
    {
        ComposeAltCode();
        return HasPartial ? Complete() : null;
    }

    private void TypeChar(char c)
    {
        if (KeyboardLayout.IsDead(c))
        {
            if (_dead != '\0')
            {
                Append(KeyboardLayout.SpacingForm(_dead));
                _dead = _dead == c ? '\0' : c;
                return;
            }

            _dead = c;
            return;
        }

        if (_dead != '\0')
        {
            char dead = _dead;
            _dead = '\0';
            if (c == ' ')
            {
                Append(KeyboardLayout.SpacingForm(dead));
                return;
            }

            string composed = string.Concat(c, dead).Normalize(NormalizationForm.FormC);
            if (composed.Length == 1)
            {
                Append(composed[0]);
                return;
            }

            Append(KeyboardLayout.SpacingForm(dead));
        }

        Append(c);
    }

    private void ComposeAltCode()
    {
        if (_altDigits.Length == 0)
        {
            return;
        }

        string digits = _altDigits.ToString();
        _altDigits.Clear();
        int value = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) % 256;
        Encoding encoding = digits[0] == '0' ? Windows1252 : _oem;
        if (value == 0)
        {
            Problem($"Alt+{digits} is NUL");
            return;
        }

        string s = encoding.GetString([(byte)value]);
        foreach (char c in s)
        {
            Append(c);
        }
    }

    /// <summary>Ctrl + a key by its US position: letters → 1–26, [ → ESC, \ → FS, ] → GS, Shift+6 → RS, Shift+- → US.</summary>
    private static char? ControlCode(int code, bool shift)
    {
        if (code == KeyCodes.RightBrace)
        {
            return '\u001D';
        }

        if (code == KeyCodes.LeftBrace)
        {
            return '\u001B';
        }

        if (code == KeyCodes.Backslash)
        {
            return '\u001C';
        }

        if (shift && code == 7)
        {
            return '\u001E';
        }

        if (shift && code == KeyCodes.Minus)
        {
            return '\u001F';
        }

        return KeyboardLayout.Us.TryMap(code, false, false, out char c) && c is >= 'a' and <= 'z' ? (char)(c - 'a' + 1) : null;
    }

    private bool IsTerminator(int code) => _terminator switch
    {
        ScanTerminator.Enter => code is KeyCodes.Enter or KeyCodes.KpEnter,
        ScanTerminator.Tab => code == KeyCodes.Tab,
        ScanTerminator.EnterOrTab => code is KeyCodes.Enter or KeyCodes.KpEnter or KeyCodes.Tab,
        _ => false,
    };

    private void Append(char c)
    {
        if (_text.Length >= MaxScanLength)
        {
            Problem($"scan longer than {MaxScanLength} characters without a terminator");
            return;
        }

        _text.Append(c);
    }

    private void Problem(string problem) => _problem ??= problem;

    private KeyboardScan Complete()
    {
        if (_dead != '\0')
        {
            Append(KeyboardLayout.SpacingForm(_dead));
            _dead = '\0';
        }

        var scan = new KeyboardScan(_text.ToString(), _problem);
        _text.Clear();
        _altDigits.Clear();
        _problem = null;
        return scan;
    }
}
