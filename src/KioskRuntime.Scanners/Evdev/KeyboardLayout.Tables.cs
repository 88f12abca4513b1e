namespace KioskRuntime.Scanners.Evdev;

/// <summary>
/// The layout tables. Source: xkeyboard-config 2.35 symbols files (us, no, dk, se, de and their latin(type2/type4) bases), levels 1–3;
/// exotic level-3 symbols (arrows, Greek, ligatures) are left out. Rows: 2 = KEY_1…KEY_EQUAL, 16 = KEY_Q…KEY_RIGHTBRACE,
/// 30 = KEY_A…KEY_GRAVE, 43 = KEY_BACKSLASH, 44 = KEY_Z…KEY_SLASH, 86 = KEY_102ND (the ISO &lt;&gt; key). '\0' = nothing.
/// </summary>
public sealed partial class KeyboardLayout
{
    public static KeyboardLayout Us { get; } = Build(
        "us",
        (2, "1234567890-=", "!@#$%^&*()_+", ""),
        (16, "qwertyuiop[]", "QWERTYUIOP{}", ""),
        (30, "asdfghjkl;'`", "ASDFGHJKL:\"~", ""),
        (43, "\\", "|", ""),
        (44, "zxcvbnm,./", "ZXCVBNM<>?", ""),
        (86, "<", ">", ""));

    public static KeyboardLayout Norwegian { get; } = Build(
        "no",
        (2, "1234567890+\\", "!\"#¤%&/()=?\u0300", "¡@£$½¥{[]}±\u0301"),
        (16, "qwertyuiopå\u0308", "QWERTYUIOPÅ\u0302", "@\0€®þ\0\0\0œ\0\u0308\u0303"),
        (30, "asdfghjkløæ|", "ASDFGHJKLØÆ§", "ª\0\0\0\0\0\0\0\0\u0301\u0302¦"),
        (43, "'", "*", ""),
        (44, "zxcvbnm,.-", "ZXCVBNM;:_", "«»©\0\0\0µ\0…–"),
        (86, "<", ">", "½"));

    public static KeyboardLayout Danish { get; } = Build(
        "dk",
        (2, "1234567890+\u0301", "!\"#¤%&/()=?\u0300", "¡@£$½¥{[]}±|"),
        (16, "qwertyuiopå\u0308", "QWERTYUIOPÅ\u0302", "@\0€®þ\0\0\0œ\0\u0308\u0303"),
        (30, "asdfghjklæø½", "ASDFGHJKLÆØ§", "ª\0\0\0\0\0\0\0\0\u0301\u0302¾"),
        (43, "'", "*", ""),
        (44, "zxcvbnm,.-", "ZXCVBNM;:_", "«»©\0\0\0µ\0·\0"),
        (86, "<", ">", "\\"));

    public static KeyboardLayout Swedish { get; } = Build(
        "se",
        (2, "1234567890+\u0301", "!\"#¤%&/()=?\u0300", "¡@£$€¥{[]}\\±"),
        (16, "qwertyuiopå\u0308", "QWERTYUIOPÅ\u0302", "@\0€®þ\0\0\0œ\0\u0308\u0303"),
        (30, "asdfghjklöä§", "ASDFGHJKLÖÄ½", "ª\0\0\0\0\0\0\0\0øæ¶"),
        (43, "'", "*", "´"),
        (44, "zxcvbnm,.-", "ZXCVBNM;:_", "«»©\0\0\0µ\0·\0"),
        (86, "<", ">", "|"));

    public static KeyboardLayout German { get; } = Build(
        "de",
        (2, "1234567890ß\u0301", "!\"§$%&/()=?\u0300", "¹²³¼½¬{[]}\\\0"),
        (16, "qwertzuiopü+", "QWERTZUIOPÜ*", "@\0€¶\0\0\0\0\0\0\u0308~"),
        (30, "asdfghjklöä\u0302", "ASDFGHJKLÖÄ°", ""),
        (43, "#", "'", "’"),
        (44, "yxcvbnm,.-", "YXCVBNM;:_", "»«¢„“”µ·…–"),
        (86, "<", ">", "|"));
}
