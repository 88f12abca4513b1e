namespace KioskRuntime.Printing.EscPos;

/// <summary>Options for <see cref="EscPosEncoder"/>.</summary>
public sealed record EscPosEncoderOptions
{
    /// <summary>Send ESC c 5 1 after ESC @ so the customer cannot feed paper (kiosk hardening). Default true.</summary>
    public bool DisableFeedButton { get; init; } = true;

    /// <summary>Encode the return code as QR where the printer supports it; otherwise as CODE128.</summary>
    public bool PreferQr { get; init; } = true;
}

/// <summary>
/// Turns a <see cref="ReceiptDocument"/> into the bytes one printer model understands. Stateless and thread-safe:
/// every call starts with ESC @ and selects its code table again.
/// </summary>
public sealed partial class EscPosEncoder
{
    private readonly EscPosEncoderOptions _options;

    public EscPosEncoder(EscPosEncoderOptions? options = null) => _options = options ?? new EscPosEncoderOptions();

    /// <exception cref="EscPosEncodingException">An element cannot be encoded (bad barcode data, payload too long …).</exception>
    public byte[] Encode(ReceiptDocument document, PrinterCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(capabilities);
        var w = new CommandWriter(capabilities);
        w.Initialize(_options.DisableFeedButton);
        var columns = Math.Min(document.Columns, capabilities.Columns);
        for (var index = 0; index < document.Elements.Length; index++)
        {
            var element = document.Elements[index];
            try
            {
                EncodeElement(w, element, columns, capabilities);
            }
            catch (EscPosEncodingException)
            {
                throw;
            }
            catch (ArgumentException e)
            {
                throw new EscPosEncodingException(index, element, e.Message);
            }
        }

        return w.ToArray();
    }

    private void EncodeElement(CommandWriter w, ReceiptElement element, int columns, PrinterCapabilities caps)
    {
        switch (element)
        {
            case TextLine line:
                WriteText(w, line.Text, line.Align, Normalize(line.Style), columns);
                break;
            case ColumnsLine line:
                WriteColumns(w, line, columns);
                break;
            case RuleLine rule:
                w.Align(TextAlign.Left);
                w.Style(TextStyle.Normal);
                w.Text(new string(rule.Character, columns));
                w.LineFeed();
                break;
            case BarcodeElement barcode:
                WriteBarcode(w, barcode, caps);
                break;
            case QrElement qr:
                WriteQr(w, qr, caps);
                break;
            case ImageElement image:
                WriteImage(w, image, caps);
                break;
            case FeedElement feed:
                w.Feed(feed.Lines);
                break;
            case CutElement cut:
                w.Cut(cut.Partial);
                break;
            case DrawerPulseElement pulse:
                w.DrawerPulse(pulse.Pin);
                break;
            default:
                throw new ArgumentException($"Unsupported element type {element.GetType().Name}.");
        }
    }

    internal static TextStyle Normalize(TextStyle style) =>
        style with { Width = Math.Clamp(style.Width, 1, 8), Height = Math.Clamp(style.Height, 1, 8) };

    private static void WriteText(CommandWriter w, string text, TextAlign align, TextStyle style, int columns)
    {
        w.Align(align);
        w.Style(style);
        foreach (var line in Wrap(text, Math.Max(1, columns / style.Width)))
        {
            w.Text(line);
            w.LineFeed();
        }
    }

    private static void WriteColumns(CommandWriter w, ColumnsLine line, int columns)
    {
        var style = Normalize(line.Style);
        var width = Math.Max(1, columns / style.Width);
        w.Align(TextAlign.Left);
        w.Style(style);
        var right = Clean(line.Right);
        if (right.Length >= width)
        {
            right = right[..Math.Max(0, width - 1)];
        }

        // The name wraps above; the amount goes on the last line of the name, flush right.
        var room = width - right.Length - 1;
        var leftLines = Wrap(line.Left, Math.Max(1, room));
        for (var i = 0; i < leftLines.Count - 1; i++)
        {
            w.Text(leftLines[i]);
            w.LineFeed();
        }

        var last = leftLines[^1];
        w.Text(last + new string(' ', Math.Max(1, width - last.Length - right.Length)) + right);
        w.LineFeed();
    }

    private static string Clean(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>Word wrap at <paramref name="width"/> characters; words longer than a line are broken.</summary>
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var cleaned = text.ReplaceLineEndings(" ").TrimEnd();
        var indent = Math.Min(cleaned.Length - cleaned.TrimStart().Length, width / 2);
        var current = new System.Text.StringBuilder(new string(' ', indent));
        foreach (var word in cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var sep = current.Length == 0 || (lines.Count == 0 && current.Length == indent) ? 0 : 1;
                if (current.Length + sep + rest.Length <= width)
                {
                    if (sep == 1)
                    {
                        current.Append(' ');
                    }

                    current.Append(rest);
                    rest = string.Empty;
                }
                else if (current.Length > 0)
                {
                    if (current.ToString().AsSpan().Trim().Length > 0)
                    {
                        lines.Add(current.ToString());
                    }

                    current.Clear();
                }
                else
                {
                    lines.Add(rest[..width]);
                    rest = rest[width..];
                }
            }
        }

        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current.ToString());
        }

        return lines;
    }
}

/// <summary>An element of a receipt document cannot be encoded; says which one and why.</summary>
public sealed class EscPosEncodingException : Exception
{
    public EscPosEncodingException(int elementIndex, ReceiptElement element, string reason)
        : base($"Element {elementIndex} ({element.GetType().Name}): {reason}")
    {
        ElementIndex = elementIndex;
    }

    public int ElementIndex { get; }
}
