using System.Globalization;
using System.Text;
using System.Xml;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Reports.Saft;

/// <summary>
/// Writes the SAF-T Cash Register auditfile (Norwegian_SAF-T_Cash_Register_Schema_v_1.00.xsd) for the journal entries whose Norwegian
/// date lies in [from, to]. Streams: the journal is read in three passes (master data, events, cash transactions — the schema wants all
/// of a register's events before its transactions) and written through one XmlWriter, so memory grows with the catalog and the staff
/// list, never with the number of transactions. Not thread-safe; one export per instance.
/// </summary>
internal sealed partial class SaftExporter(SaftCompany company, Func<IEnumerable<JournalEntry>> readJournal, TimeProvider time)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public SaftExportSummary Write(Stream output, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", nameof(to));
        }

        var master = CollectMasterData(from, to);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "\t" };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("auditfile", SaftCodes.Namespace);
        WriteHeader(xml, from, to);
        xml.WriteStartElement("company");
        WriteCompany(xml, master);
        xml.WriteStartElement("location");
        xml.WriteElementString("name", Trim(company.LocationName, 100));
        xml.WriteStartElement("cashregister");
        xml.WriteElementString("registerID", company.RegisterId);
        xml.WriteElementString("regDesc", $"Self-service kiosk {company.LocationName}");
        var events = WriteEvents(xml, from, to);
        var transactions = WriteTransactions(xml, from, to, master);
        xml.WriteEndElement(); // cashregister
        xml.WriteEndElement(); // location
        xml.WriteEndElement(); // company
        xml.WriteEndElement(); // auditfile
        xml.WriteEndDocument();
        xml.Flush();
        return new SaftExportSummary(from, to, transactions, events);
    }

    private bool InPeriod(JournalEntry entry, DateOnly from, DateOnly to)
    {
        var day = DateOnly.FromDateTime(FiscalSignature.NorwegianTime(entry.OccurredAt));
        return day >= from && day <= to;
    }

    private MasterData CollectMasterData(DateOnly from, DateOnly to)
    {
        var master = new MasterData();
        foreach (var entry in readJournal())
        {
            if (!InPeriod(entry, from, to))
            {
                continue;
            }

            var day = DateOnly.FromDateTime(FiscalSignature.NorwegianTime(entry.OccurredAt));
            switch (entry.Type)
            {
                case EventTypes.Sale:
                    foreach (var line in EventJson.Deserialize<SalePayload>(entry.PayloadJson).Lines)
                    {
                        master.See(line, day);
                    }

                    break;
                case EventTypes.Return:
                    foreach (var line in EventJson.Deserialize<ReturnPayload>(entry.PayloadJson).Lines)
                    {
                        master.See(line, day);
                    }

                    break;
                case EventTypes.ReceiptPrinted:
                    var printed = EventJson.Deserialize<ReceiptPrintedPayload>(entry.PayloadJson);
                    if (printed.Kind == "copy" && printed.Outcome == "printed")
                    {
                        master.Copies[printed.ReceiptNo] = master.Copies.GetValueOrDefault(printed.ReceiptNo) + 1;
                    }

                    break;
                case EventTypes.StaffSession:
                    var staff = EventJson.Deserialize<StaffSessionPayload>(entry.PayloadJson);
                    master.Employees.TryAdd(staff.StaffId, (FiscalSignature.NorwegianTime(entry.OccurredAt), staff.Role));
                    break;
            }
        }

        return master;
    }

    private void WriteHeader(XmlWriter xml, DateOnly from, DateOnly to)
    {
        var now = FiscalSignature.NorwegianTime(time.GetUtcNow());
        xml.WriteStartElement("header");
        xml.WriteElementString("fiscalYear", from.Year.ToString(Inv));
        xml.WriteElementString("startDate", from.ToString("yyyy-MM-dd", Inv));
        xml.WriteElementString("endDate", to.ToString("yyyy-MM-dd", Inv));
        xml.WriteElementString("curCode", company.Currency);
        xml.WriteElementString("dateCreated", now.ToString("yyyy-MM-dd", Inv));
        xml.WriteElementString("timeCreated", now.ToString("HH:mm:ss", Inv));
        xml.WriteElementString("softwareDesc", "KioskRuntime");
        xml.WriteElementString("softwareVersion", Trim(typeof(SaftExporter).Assembly.GetName().Version?.ToString() ?? "0", 20));
        xml.WriteElementString("softwareCompanyName", Trim(company.SoftwareCompanyName, 100));
        xml.WriteElementString("auditfileVersion", "1.0");
        xml.WriteElementString("headerComment", $"Cash register {company.RegisterId}, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}");
        xml.WriteEndElement();
    }

    private void WriteCompany(XmlWriter xml, MasterData master)
    {
        xml.WriteElementString("companyIdent", company.OrgNumber);
        xml.WriteElementString("companyName", Trim(company.Name, 100));
        xml.WriteElementString("taxRegistrationCountry", "NO");
        xml.WriteElementString("taxRegIdent", company.OrgNumber + "MVA");
        if (company.Address.Count > 0)
        {
            xml.WriteStartElement("streetAddress");
            xml.WriteElementString("streetname", Trim(company.Address[0], 100));
            if (company.Address.Count > 1 && company.Address[^1] is { Length: > 5 } last && last[..4].All(char.IsAsciiDigit) && last[4] == ' ')
            {
                xml.WriteElementString("city", Trim(last[5..], 50));
                xml.WriteElementString("postalCode", last[..4]);
            }

            xml.WriteElementString("country", "NO");
            xml.WriteEndElement();
        }

        xml.WriteStartElement("vatCodeDetails");
        foreach (var (rate, firstDay) in master.VatRates.OrderBy(r => r.Key))
        {
            xml.WriteStartElement("vatCodeDetail");
            xml.WriteElementString("vatCode", SaftCodes.StandardVatCode(rate));
            xml.WriteElementString("dateOfEntry", firstDay.ToString("yyyy-MM-dd", Inv));
            xml.WriteElementString("vatDesc", $"MVA {rate.ToString("0.##", Inv)} %");
            xml.WriteElementString("standardVatCode", SaftCodes.StandardVatCode(rate));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        if (master.Employees.Count > 0)
        {
            xml.WriteStartElement("employees");
            foreach (var (id, (since, role)) in master.Employees.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                xml.WriteStartElement("employee");
                xml.WriteElementString("empID", Trim(id, 35));
                xml.WriteElementString("dateOfEntry", since.ToString("yyyy-MM-dd", Inv));
                xml.WriteElementString("timeOfEntry", since.ToString("HH:mm:ss", Inv));
                xml.WriteElementString("surName", Trim(id, 100));
                xml.WriteStartElement("employeeRole");
                xml.WriteElementString("roleType", Trim(role, 50));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteStartElement("articles");
        foreach (var (gtin, (name, firstDay)) in master.Articles.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            xml.WriteStartElement("article");
            xml.WriteElementString("artID", gtin);
            xml.WriteElementString("dateOfEntry", firstDay.ToString("yyyy-MM-dd", Inv));
            xml.WriteElementString("artDesc", Trim(name, 999));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("basics");
        foreach (var (type, id, predefined, description) in SaftCodes.Basics)
        {
            xml.WriteStartElement("basic");
            xml.WriteElementString("basicType", type);
            xml.WriteElementString("basicID", id);
            if (predefined is not null)
            {
                xml.WriteElementString("predefinedBasicID", predefined);
            }

            xml.WriteElementString("basicDesc", description);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    internal static string Trim(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>What the first pass collects: bounded by the catalog, the VAT rates and the staff, not by the sales.</summary>
    private sealed class MasterData
    {
        public Dictionary<string, (string Name, DateOnly FirstDay)> Articles { get; } = new(StringComparer.Ordinal);

        public Dictionary<decimal, DateOnly> VatRates { get; } = [];

        public Dictionary<string, (DateTime Since, string Role)> Employees { get; } = new(StringComparer.Ordinal);

        /// <summary>Copies printed per receipt number (only receipts that had one).</summary>
        public Dictionary<long, int> Copies { get; } = [];

        public void See(SaleLinePayload line, DateOnly day)
        {
            Articles.TryAdd(line.Gtin, (line.Name, day));
            VatRates.TryAdd(decimal.Parse(line.VatRate, CultureInfo.InvariantCulture), day);
        }
    }
}

/// <summary>What an export wrote.</summary>
internal sealed record SaftExportSummary(DateOnly From, DateOnly To, long Transactions, long Events);
