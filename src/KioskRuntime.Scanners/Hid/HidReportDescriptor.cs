namespace KioskRuntime.Scanners.Hid;

/// <summary>Report direction, as the main item that declared it.</summary>
public enum HidReportKind
{
    Input,
    Output,
    Feature,
}

/// <summary>A usage: page in the high 16 bits, id in the low 16 bits (HID 1.11 §6.2.2.8 extended usage).</summary>
public readonly record struct HidUsage(ushort Page, ushort Id)
{
    public static HidUsage FromExtended(uint value) => new((ushort)(value >> 16), (ushort)value);

    public override string ToString() => $"{Page:X2}:{Id:X2}";
}

/// <summary>
/// One main item's worth of bits in a report: <see cref="Count"/> elements of <see cref="Size"/> bits starting at <see cref="BitOffset"/>
/// (counted after the report id byte). <see cref="Usages"/> holds one usage per element for variable items (the last one repeats,
/// HID 1.11 §6.2.2.8), or the usage list/range for arrays. <see cref="Application"/> is the enclosing application collection's usage.
/// </summary>
public sealed record HidField(
    HidReportKind Kind,
    byte ReportId,
    int BitOffset,
    int Size,
    int Count,
    uint Flags,
    IReadOnlyList<HidUsage> Usages,
    HidUsage? Application,
    int LogicalMinimum,
    int LogicalMaximum)
{
    public bool IsConstant => (Flags & 0x1) != 0;

    public bool IsVariable => (Flags & 0x2) != 0;

    /// <summary>The usage of element <paramref name="index"/> of a variable field (the last usage repeats).</summary>
    public HidUsage? UsageAt(int index) => Usages.Count == 0 ? null : Usages[Math.Min(index, Usages.Count - 1)];

    /// <summary>Index of the first element carrying <paramref name="usage"/>, or -1.</summary>
    public int IndexOf(HidUsage usage)
    {
        for (int i = 0; i < Usages.Count && i < Count; i++)
        {
            if (Usages[i] == usage)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A collection as declared (HID 1.11 §6.2.2.6): type 1 is Application.</summary>
public sealed record HidCollection(byte Type, HidUsage? Usage, int Depth, int Offset);

/// <summary>The parsed descriptor. Immutable.</summary>
public sealed record HidReportDescriptor(IReadOnlyList<HidField> Fields, IReadOnlyList<HidCollection> Collections, bool UsesReportIds)
{
    /// <summary>The size in bytes of a report as it arrives on hidraw (including the report id byte when ids are used).</summary>
    public int ReportLength(HidReportKind kind, byte reportId)
    {
        int bits = 0;
        foreach (HidField f in Fields)
        {
            if (f.Kind == kind && f.ReportId == reportId)
            {
                bits = Math.Max(bits, f.BitOffset + (f.Size * f.Count));
            }
        }

        return ((bits + 7) / 8) + (UsesReportIds ? 1 : 0);
    }
}
