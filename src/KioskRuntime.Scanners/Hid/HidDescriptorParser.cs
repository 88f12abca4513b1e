namespace KioskRuntime.Scanners.Hid;

/// <summary>
/// Parses a HID report descriptor (Device Class Definition for HID 1.11 §6.2.2) into fields with bit offsets per report.
/// Short items, long items (skipped), global push/pop, local usages, usage ranges and extended (32-bit) usages are understood.
/// Malformed input raises <see cref="HidDescriptorException"/> with the item's offset and never anything else. Stateless, thread-safe.
/// </summary>
public static class HidDescriptorParser
{
    private const int MaxDepth = 32;
    private const int MaxReportBits = 8 * 4096;
    private const int MaxUsagesPerItem = 4096;

    public static bool TryParse(ReadOnlySpan<byte> descriptor, out HidReportDescriptor? result, out string? error)
    {
        try
        {
            result = Parse(descriptor);
            error = null;
            return true;
        }
        catch (HidDescriptorException ex)
        {
            result = null;
            error = ex.Message;
            return false;
        }
    }

    public static HidReportDescriptor Parse(ReadOnlySpan<byte> descriptor)
    {
        var fields = new List<HidField>();
        var collections = new List<HidCollection>();
        var globalStack = new Stack<GlobalState>();
        var collectionStack = new Stack<HidCollection>();
        var bitCursor = new Dictionary<(HidReportKind, byte), int>();
        var usages = new List<HidUsage>();
        uint? usageMin = null;
        GlobalState g = default;
        bool usesIds = false;
        int pos = 0;

        while (pos < descriptor.Length)
        {
            int itemOffset = pos;
            byte prefix = descriptor[pos++];
            if (prefix == 0xFE)
            {
                // Long item: bDataSize, bLongItemTag, data. No long item tags are defined; skip it.
                if (pos + 2 > descriptor.Length)
                {
                    throw new HidDescriptorException(itemOffset, "long item header is truncated");
                }

                int longSize = descriptor[pos];
                pos += 2 + longSize;
                if (pos > descriptor.Length)
                {
                    throw new HidDescriptorException(itemOffset, $"long item of {longSize} bytes runs past the end");
                }

                continue;
            }

            int size = (prefix & 0x3) == 3 ? 4 : prefix & 0x3;
            int type = (prefix >> 2) & 0x3;
            int tag = prefix >> 4;
            if (pos + size > descriptor.Length)
            {
                throw new HidDescriptorException(itemOffset, $"item 0x{prefix:X2} needs {size} data bytes, {descriptor.Length - pos} left");
            }

            uint udata = 0;
            for (int i = 0; i < size; i++)
            {
                udata |= (uint)descriptor[pos + i] << (8 * i);
            }

            int sdata = size switch
            {
                1 => (sbyte)udata,
                2 => (short)udata,
                _ => (int)udata,
            };
            pos += size;

            switch (type)
            {
                case 0: // main
                    switch (tag)
                    {
                        case 0x8:
                        case 0x9:
                        case 0xB:
                            HidReportKind kind = tag == 0x8 ? HidReportKind.Input : tag == 0x9 ? HidReportKind.Output : HidReportKind.Feature;
                            if (g.ReportSize <= 0 && g.ReportCount > 0)
                            {
                                throw new HidDescriptorException(itemOffset, "main item with Report Count but no Report Size");
                            }

                            var key = (kind, g.ReportId);
                            int start = bitCursor.GetValueOrDefault(key);
                            long end = start + ((long)g.ReportSize * g.ReportCount);
                            if (end > MaxReportBits)
                            {
                                throw new HidDescriptorException(itemOffset, $"report {g.ReportId} grows to {end} bits, more than {MaxReportBits}");
                            }

                            bitCursor[key] = (int)end;
                            IReadOnlyList<HidUsage> itemUsages = usages.Count > 0 ? usages.ToArray() : [];
                            HidUsage? app = null;
                            foreach (HidCollection c in collectionStack)
                            {
                                if (c.Type == 1)
                                {
                                    app = c.Usage;
                                }
                            }

                            if (g.ReportCount > 0)
                            {
                                fields.Add(new HidField(kind, g.ReportId, start, g.ReportSize, g.ReportCount, udata, itemUsages, app, g.LogicalMin, g.LogicalMax));
                            }

                            break;
                        case 0xA:
                            if (collectionStack.Count >= MaxDepth)
                            {
                                throw new HidDescriptorException(itemOffset, $"collections nested deeper than {MaxDepth}");
                            }

                            var col = new HidCollection((byte)udata, usages.Count > 0 ? usages[0] : null, collectionStack.Count, itemOffset);
                            collections.Add(col);
                            collectionStack.Push(col);
                            break;
                        case 0xC:
                            if (collectionStack.Count == 0)
                            {
                                throw new HidDescriptorException(itemOffset, "End Collection without an open collection");
                            }

                            collectionStack.Pop();
                            break;
                        default:
                            throw new HidDescriptorException(itemOffset, $"unknown main item tag 0x{tag:X}");
                    }

                    usages.Clear();
                    usageMin = null;
                    break;

                case 1: // global
                    switch (tag)
                    {
                        case 0x0: g.UsagePage = (ushort)udata; break;
                        case 0x1: g.LogicalMin = sdata; break;
                        case 0x2: g.LogicalMax = size == 4 ? (int)udata : sdata; break;
                        case 0x7:
                            if (udata is 0 or > 256)
                            {
                                throw new HidDescriptorException(itemOffset, $"Report Size {udata} is outside 1..256 bits");
                            }

                            g.ReportSize = (int)udata;
                            break;
                        case 0x8:
                            if (udata is 0 or > 255)
                            {
                                throw new HidDescriptorException(itemOffset, $"Report ID {udata} is outside 1..255");
                            }

                            g.ReportId = (byte)udata;
                            usesIds = true;
                            break;
                        case 0x9:
                            if (udata > MaxReportBits)
                            {
                                throw new HidDescriptorException(itemOffset, $"Report Count {udata} is too large");
                            }

                            g.ReportCount = (int)udata;
                            break;
                        case 0xA:
                            if (globalStack.Count >= MaxDepth)
                            {
                                throw new HidDescriptorException(itemOffset, $"Push nested deeper than {MaxDepth}");
                            }

                            globalStack.Push(g);
                            break;
                        case 0xB:
                            if (globalStack.Count == 0)
                            {
                                throw new HidDescriptorException(itemOffset, "Pop without a matching Push");
                            }

                            g = globalStack.Pop();
                            break;
                        case <= 0x6: break; // physical min/max, unit exponent, unit: not needed here
                        default:
                            throw new HidDescriptorException(itemOffset, $"unknown global item tag 0x{tag:X}");
                    }

                    break;

                case 2: // local
                    switch (tag)
                    {
                        case 0x0: AddUsage(usages, Extend(udata, size, g.UsagePage), itemOffset); break;
                        case 0x1: usageMin = Extend(udata, size, g.UsagePage); break;
                        case 0x2:
                            if (usageMin is not uint min)
                            {
                                throw new HidDescriptorException(itemOffset, "Usage Maximum without Usage Minimum");
                            }

                            uint max = Extend(udata, size, g.UsagePage);
                            if (max < min || max - min >= MaxUsagesPerItem)
                            {
                                throw new HidDescriptorException(itemOffset, $"usage range {min:X}..{max:X} is empty or too large");
                            }

                            for (uint u = min; u <= max; u++)
                            {
                                AddUsage(usages, u, itemOffset);
                            }

                            usageMin = null;
                            break;
                        default: break; // designators, strings, delimiters: not needed here
                    }

                    break;

                default:
                    throw new HidDescriptorException(itemOffset, $"reserved item type in prefix 0x{prefix:X2}");
            }
        }

        if (collectionStack.Count != 0)
        {
            throw new HidDescriptorException(descriptor.Length, $"{collectionStack.Count} collection(s) not closed");
        }

        return new HidReportDescriptor(fields, collections, usesIds);
    }

    private static uint Extend(uint data, int size, ushort page) => size == 4 ? data : ((uint)page << 16) | (data & 0xFFFF);

    private static void AddUsage(List<HidUsage> usages, uint extended, int offset)
    {
        if (usages.Count >= MaxUsagesPerItem)
        {
            throw new HidDescriptorException(offset, $"more than {MaxUsagesPerItem} usages before one main item");
        }

        usages.Add(HidUsage.FromExtended(extended));
    }

    private struct GlobalState
    {
        public ushort UsagePage;
        public int LogicalMin;
        public int LogicalMax;
        public int ReportSize;
        public int ReportCount;
        public byte ReportId;
    }
}
