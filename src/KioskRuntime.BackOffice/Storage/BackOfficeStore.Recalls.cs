using System.Globalization;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>Recalls: every accepted sale line of a GTIN's lot (the optional <c>lot</c> field of a sale line, GS1 AI 10).</summary>
internal sealed partial class BackOfficeStore
{
    // The lot is read from the stored event itself (raw is the JSON exactly as received), so no schema step is needed and
    // sales stored before the field existed simply have no lot.
    private const string LotSalesSql =
        """
        SELECT e.kiosk_id, e.seq, json_extract(CAST(e.raw AS TEXT), '$.payload.receiptNo'),
               json_extract(CAST(e.raw AS TEXT), '$.occurredAt'),
               json_extract(l.value, '$.qty'), json_extract(l.value, '$.unit'),
               json_extract(l.value, '$.serial'), json_extract(l.value, '$.useBy'), json_extract(l.value, '$.bestBefore')
        FROM events e, json_each(CAST(e.raw AS TEXT), '$.payload.lines') l
        WHERE e.type = 'sale' AND e.status = 'accepted'
          AND json_extract(l.value, '$.gtin') = $gtin AND json_extract(l.value, '$.lot') = $lot
        ORDER BY e.kiosk_id, e.seq
        """;

    /// <summary>Every accepted sale line of <paramref name="gtin"/> (14 digits) with lot <paramref name="lot"/>, by kiosk and seq.</summary>
    public IReadOnlyList<LotSale> FindSalesOfLot(string gtin, string lot)
    {
        lock (_file.Gate)
        {
            using var command = _file.Command(LotSalesSql, "$gtin", "$lot");
            command.Parameters[0].Value = gtin;
            command.Parameters[1].Value = lot;
            using var row = command.ExecuteReader();
            var sales = new List<LotSale>();
            while (row.Read())
            {
                sales.Add(new LotSale(
                    row.GetString(0),
                    row.GetInt64(1),
                    Convert.ToString(row.GetValue(2), CultureInfo.InvariantCulture) ?? "",
                    row.IsDBNull(3) ? "" : row.GetString(3),
                    row.IsDBNull(4) ? "" : Convert.ToString(row.GetValue(4), CultureInfo.InvariantCulture) ?? "",
                    row.IsDBNull(5) ? "pcs" : row.GetString(5),
                    row.IsDBNull(6) ? null : row.GetString(6),
                    row.IsDBNull(7) ? null : row.GetString(7),
                    row.IsDBNull(8) ? null : row.GetString(8)));
            }

            return sales;
        }
    }
}

/// <summary>One sold line of a recalled lot: where (kiosk, seq, receipt), when, how much, and the item's serial and dates.</summary>
internal sealed record LotSale(
    string KioskId, long Seq, string ReceiptNo, string OccurredAt, string Qty, string Unit, string? Serial, string? UseBy, string? BestBefore);
