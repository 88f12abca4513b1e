namespace KioskRuntime.Scanners.Evdev;

/// <summary>Linux key codes the decoder treats specially (include/uapi/linux/input-event-codes.h).</summary>
internal static class KeyCodes
{
    public const int Esc = 1;
    public const int Minus = 12;
    public const int Tab = 15;
    public const int LeftBrace = 26;
    public const int RightBrace = 27;
    public const int Enter = 28;
    public const int LeftCtrl = 29;
    public const int LeftShift = 42;
    public const int Backslash = 43;
    public const int RightShift = 54;
    public const int KpAsterisk = 55;
    public const int LeftAlt = 56;
    public const int Space = 57;
    public const int CapsLock = 58;
    public const int NumLock = 69;
    public const int Kp7 = 71;
    public const int Kp8 = 72;
    public const int Kp9 = 73;
    public const int KpMinus = 74;
    public const int Kp4 = 75;
    public const int Kp5 = 76;
    public const int Kp6 = 77;
    public const int KpPlus = 78;
    public const int Kp1 = 79;
    public const int Kp2 = 80;
    public const int Kp3 = 81;
    public const int Kp0 = 82;
    public const int KpDot = 83;
    public const int Key102nd = 86;
    public const int KpEnter = 96;
    public const int RightCtrl = 97;
    public const int KpSlash = 98;
    public const int RightAlt = 100;

    /// <summary>The digit a keypad key types, or -1.</summary>
    public static int KeypadDigit(int code) => code switch
    {
        Kp0 => 0,
        Kp1 => 1,
        Kp2 => 2,
        Kp3 => 3,
        Kp4 => 4,
        Kp5 => 5,
        Kp6 => 6,
        Kp7 => 7,
        Kp8 => 8,
        Kp9 => 9,
        _ => -1,
    };
}
