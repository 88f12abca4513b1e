using System.Text;
using QRCoder;

namespace KioskRuntime.Printing.EscPos.Rendering;

/// <summary>
/// The module matrix of a decoded QR code, for previews: what the printer would put on paper for the stored bytes, the
/// error-correction level and model 2. Encoding is QRCoder's (ISO/IEC 18004); this type only chooses its input the way a printer
/// does and strips the library's quiet zone so callers draw their own. Immutable.
/// </summary>
internal sealed class QrSymbol
{
    /// <summary>ISO/IEC 18004 asks for a quiet zone of 4 modules on every side; the printer leaves it to the layout.</summary>
    public const int QuietZoneModules = 4;

    private readonly bool[] _dark;

    private QrSymbol(int size, bool[] dark)
    {
        Size = size;
        _dark = dark;
    }

    /// <summary>Modules per side (21 for version 1, +4 per version).</summary>
    public int Size { get; }

    public int Version => (Size - 17) / 4;

    public bool IsDark(int x, int y) => _dark[(y * Size) + x];

    /// <summary>
    /// Encodes <paramref name="payload"/> (the bytes GS ( k fn 80 or ESC GS y D stored) at <paramref name="errorLevel"/>
    /// (L, M, Q, H). ASCII payloads go through QRCoder's mode selection (numeric, alphanumeric or byte, as a printer's automatic
    /// analysis picks); anything else is encoded as the raw bytes in byte mode, without an ECI header, as the printer stores them.
    /// False when there is nothing to encode or it does not fit version 40.
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<byte> payload, char errorLevel, out QrSymbol? symbol)
    {
        symbol = null;
        if (payload.IsEmpty)
        {
            return false;
        }

        var level = errorLevel switch
        {
            'M' => QRCodeGenerator.ECCLevel.M,
            'Q' => QRCodeGenerator.ECCLevel.Q,
            'H' => QRCodeGenerator.ECCLevel.H,
            _ => QRCodeGenerator.ECCLevel.L,
        };
        QRCodeData data;
        try
        {
            data = IsPrintableAscii(payload)
                ? QRCodeGenerator.GenerateQrCode(Encoding.ASCII.GetString(payload), level)
                : QRCodeGenerator.GenerateQrCode(payload.ToArray(), level);
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            return false;
        }

        using (data)
        {
            // QRCoder's matrix carries a 4-module quiet zone; keep only the symbol.
            var rows = data.ModuleMatrix;
            var size = rows.Count - (2 * QuietZoneModules);
            var dark = new bool[size * size];
            for (var y = 0; y < size; y++)
            {
                var row = rows[y + QuietZoneModules];
                for (var x = 0; x < size; x++)
                {
                    dark[(y * size) + x] = row[x + QuietZoneModules];
                }
            }

            symbol = new QrSymbol(size, dark);
            return true;
        }
    }

    private static bool IsPrintableAscii(ReadOnlySpan<byte> payload)
    {
        foreach (var b in payload)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
