using System.Text;
using KioskRuntime.Barcodes;

namespace KioskRuntime.Printing.EscPos;

public sealed partial class EscPosEncoder
{
    private const byte Gs = 0x1D;

    private static void WriteBarcode(CommandWriter w, BarcodeElement barcode, PrinterCapabilities caps)
    {
        if (!caps.SupportsBarcodes)
        {
            WriteText(w, barcode.Data.Replace('\u001D', ' '), TextAlign.Center, TextStyle.Normal, caps.Columns);
            return;
        }

        if (w.IsStar)
        {
            WriteStarBarcode(w, barcode, caps);
            return;
        }

        var (m, data) = barcode.Symbology switch
        {
            BarcodeSymbology.Ean13 => ((byte)67, Encoding.ASCII.GetBytes(Ean13Digits(barcode.Data))),
            BarcodeSymbology.Code128 => ((byte)73, Code128Data(barcode.Data, gs1: false)),
            BarcodeSymbology.Gs1_128 => ((byte)73, Code128Data(barcode.Data, gs1: true)),
            _ => throw new ArgumentException($"Unknown symbology {barcode.Symbology}."),
        };
        if (data.Length > 255)
        {
            throw new ArgumentException($"Barcode data is {data.Length} bytes encoded; GS k takes at most 255.");
        }

        w.Align(TextAlign.Center);
        w.Style(TextStyle.Normal);
        w.Raw(Gs, (byte)'h', (byte)Math.Clamp(barcode.HeightDots, 1, 255));
        w.Raw(Gs, (byte)'w', (byte)Math.Clamp(barcode.ModuleWidth, 2, 6));
        w.Raw(Gs, (byte)'H', 2); // human-readable text below
        w.Raw(Gs, (byte)'k', m, (byte)data.Length);
        w.Raw(data);
    }

    /// <summary>12 digits get their check digit; 13 digits must carry the right one.</summary>
    internal static string Ean13Digits(string data)
    {
        if (data.Length is not (12 or 13) || !data.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"EAN-13 needs 12 or 13 digits, got '{data}'.");
        }

        var check = (char)('0' + GtinCheckDigit.Compute(data.AsSpan(0, 12)));
        if (data.Length == 13 && data[12] != check)
        {
            throw new ArgumentException($"EAN-13 '{data}' has check digit {data[12]}, expected {check}.");
        }

        return data[..12] + check;
    }

    /// <summary>
    /// ESC/POS CODE128 data: code set prefixes {B / {C, runs of 4+ digits (or an all-digit even string) in code C
    /// as one byte per digit pair, '{' escaped as "{{"; for GS1-128 a leading FNC1 ({1) and FNC1 for each GS separator.
    /// </summary>
    internal static byte[] Code128Data(string data, bool gs1)
    {
        if (data.Length == 0)
        {
            throw new ArgumentException("CODE128 data is empty.");
        }

        var bytes = new List<byte>();
        char? set = null;

        void Switch(char to)
        {
            if (set != to)
            {
                bytes.Add((byte)'{');
                bytes.Add((byte)to);
                set = to;
            }
        }

        var i = 0;
        var fnc1Pending = gs1;
        while (i < data.Length)
        {
            var digits = 0;
            while (i + digits < data.Length && char.IsAsciiDigit(data[i + digits]))
            {
                digits++;
            }

            var useC = digits >= 4 || (digits == data.Length && digits % 2 == 0);
            if (useC)
            {
                if (digits % 2 == 1)
                {
                    // Odd run: the first digit goes in code B, the rest in pairs.
                    Switch('B');
                    EmitFnc1(ref fnc1Pending);
                    bytes.Add((byte)data[i]);
                    i++;
                    digits--;
                }

                Switch('C');
                EmitFnc1(ref fnc1Pending);
                for (var k = 0; k < digits; k += 2)
                {
                    bytes.Add((byte)(((data[i + k] - '0') * 10) + (data[i + k + 1] - '0')));
                }

                i += digits;
                continue;
            }

            var c = data[i];
            if (gs1 && c == '\u001D')
            {
                Switch(set ?? 'B');
                bytes.Add((byte)'{');
                bytes.Add((byte)'1');
                i++;
                continue;
            }

            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"CODE128 data has character U+{(int)c:X4} at position {i}; only printable ASCII is supported.");
            }

            Switch('B');
            EmitFnc1(ref fnc1Pending);
            bytes.Add((byte)c);
            if (c == '{')
            {
                bytes.Add((byte)'{');
            }

            i++;
        }

        return [.. bytes];

        void EmitFnc1(ref bool pending)
        {
            if (pending)
            {
                bytes.Add((byte)'{');
                bytes.Add((byte)'1');
                pending = false;
            }
        }
    }

    private void WriteQr(CommandWriter w, QrElement qr, PrinterCapabilities caps)
    {
        if (w.IsStar && caps.SupportsQr)
        {
            WriteStarQr(w, qr);
            return;
        }

        if (!caps.SupportsQr)
        {
            // Fallback keeps the return code scannable where the printer has bar codes.
            if (caps.SupportsBarcodes && qr.Data.All(c => c is >= ' ' and <= '~'))
            {
                WriteBarcode(w, new BarcodeElement(BarcodeSymbology.Code128, qr.Data), caps);
            }
            else
            {
                WriteText(w, qr.Data, TextAlign.Center, TextStyle.Normal, caps.Columns);
            }

            return;
        }

        var payload = Encoding.UTF8.GetBytes(qr.Data);
        if (payload.Length is 0 or > 7089)
        {
            throw new ArgumentException($"QR payload is {payload.Length} bytes; GS ( k takes 1..7089.");
        }

        w.Align(TextAlign.Center);
        w.Style(TextStyle.Normal);
        // GS ( k pL pH cn=49 fn …: 65 model (50 = model 2), 67 module size, 69 error level (48 L … 51 H), 80 store, 81 print.
        w.Raw(Gs, (byte)'(', (byte)'k', 4, 0, 49, 65, 50, 0);
        w.Raw(Gs, (byte)'(', (byte)'k', 3, 0, 49, 67, (byte)Math.Clamp(qr.ModuleSize, 1, 16));
        w.Raw(Gs, (byte)'(', (byte)'k', 3, 0, 49, 69, (byte)(48 + (int)qr.ErrorLevel));
        var length = payload.Length + 3;
        w.Raw(Gs, (byte)'(', (byte)'k', (byte)(length & 0xFF), (byte)(length >> 8), 49, 80, 48);
        w.Raw(payload);
        w.Raw(Gs, (byte)'(', (byte)'k', 3, 0, 49, 81, 48);
        w.LineFeed();
    }
}
