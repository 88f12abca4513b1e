using System.Globalization;
using KioskRuntime.Domain;
using KioskRuntime.Journal;

namespace KioskRuntime.Reports.Saft;

/// <summary>Which SAF-T event (a basic of type 13, see <see cref="SaftCodes"/>) a journal event is, with its transaction and employee.</summary>
internal static class SaftEventMap
{
    public static (string Type, string? TransId, string? EmpId, string? Text) Map(JournalEntry entry)
    {
        switch (entry.Type)
        {
            case EventTypes.ReceiptPrinted:
                var printed = EventJson.Deserialize<ReceiptPrintedPayload>(entry.PayloadJson);
                var kind = printed.Kind switch
                {
                    "copy" => "COPYREC",
                    "return" => "RETREC",
                    _ when printed.Outcome != "printed" => "NOPRINT", // the sale stands; its receipt did not print (13030)
                    _ => "SALREC",
                };
                var text = printed.Outcome == "printed" ? null : $"outcome {printed.Outcome}{(printed.Detail is null ? "" : ": " + printed.Detail)}";
                return (kind, printed.ReceiptNo.ToString(CultureInfo.InvariantCulture), null, text);
            case EventTypes.StaffSession:
                var staff = EventJson.Deserialize<StaffSessionPayload>(entry.PayloadJson);
                return (staff.Action == "end" ? "EMPOUT" : "EMPIN", null, staff.StaffId, staff.Reason);
            case SaftEventTypes.Export:
                return ("EXPORT", null, null, entry.PayloadJson);
            case SaftEventTypes.ApplicationStart:
                return ("POSSTART", null, null, null);
            case SaftEventTypes.ApplicationStop:
                return ("POSEND", null, null, null);
            default:
                return ("OTHER", null, null, $"{entry.Type} {entry.PayloadJson}");
        }
    }
}

/// <summary>Journal event types added for the Norwegian electronic journal (additive contract change, docs/contract-changes.md).</summary>
internal static class SaftEventTypes
{
    /// <summary>An auditfile was exported (code 13020): period, counts, the file's SHA-256.</summary>
    public const string Export = "saft-export";

    /// <summary>kioskd started (13001).</summary>
    public const string ApplicationStart = "application-start";

    /// <summary>kioskd stopped cleanly (13002).</summary>
    public const string ApplicationStop = "application-stop";
}
