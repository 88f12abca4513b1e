using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.EndToEnd.Tests.Harness;
using KioskRuntime.Scanners.Tests.Support;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// GS1 scanning on the real kioskd and back office: a Digital Link QR through kioskctl (<c>--aim ]Q1</c>), a best-before-passed
/// Digital Link through the simulated scanner's FIFO, a weighed item (3103 + 3922 and a lot) as a <c>]Q1</c> Digital Link in
/// kernel-exact HID POS reports through the hidraw driver, an expired use-by refused and journaled; the sale's lines upstream carry
/// weight, price, lot and dates, and the back office's recall query finds the lot.
/// </summary>
[Collection("processes")]
public sealed class Gs1ScanningTests(ITestOutputHelper output)
{
    private const string Apples = "07038600022507"; // Epler røde, løsvekt: 34.90 per kg in the demo catalog

    [Fact]
    public async Task Digital_link_weighed_and_dated_items_are_sold_or_refused_and_traced_upstream()
    {
        await using var env = await KioskEnvironment.StartAsync();
        try
        {
            var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, oslo).DateTime);
            string expired = today.AddDays(-2).ToString("yyMMdd", CultureInfo.InvariantCulture);

            var node = Path.Combine(env.Root, "hidraw0");
            DeviceNodes.MakeFifo(node);
            // A real hidraw driver in an unsigned test profile: kioskd runs it only with the development setting (issue 16).
            env.StartKioskd(watchdogMs: 0, profile: WriteProfile(env.Root, node), extraEnvironment: new Dictionary<string, string?> { ["Kiosk__AllowUnsignedProfiles"] = "true" });
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(20));

            // 1. A Digital Link QR code, as the new user tried it (retried until the catalog has arrived).
            await KioskEnvironment.EventuallyAsync(
                async () => (await env.CtlAsync("scan", "https://id.gs1.org/01/07038010001659", "--aim", "]Q1")).Exit == 0,
                TimeSpan.FromSeconds(20), "Digital Link QR sold (catalog pulled)");

            // 2. A best-before date long past: sold (Norwegian rule), through the simulated scanner's FIFO.
            await File.WriteAllTextAsync(Path.Combine(env.DataDir, "devices", "scanner.fifo"), "https://id.gs1.org/01/07040030001106?15=200101\n");
            await CartLinesAsync(env, 2);

            // 3. A weighed item, 1.250 kg at 34.90/kg = 43.625 → label 43.63, lot LOT42, as ]Q1 HID POS reports (two reports).
            const string weighed = "https://id.gs1.org/01/07038600022507/10/LOT42?3103=001250&3922=4363";
            var reports = HidPosFixtures.Reports(HidPosFixtures.Ascii(weighed), "]Q1");
            Assert.True(reports.Count > 1);
            await WriteNodeAsync(node, reports);
            var cart = await CartLinesAsync(env, 3);
            Assert.Contains(cart, l => l.GetProperty("gtin").GetString() == Apples && l.GetProperty("qty").GetString() == "1.25" && l.GetProperty("lineTotal").GetString() == "43.63");

            // 4. A use-by date that has passed (Oslo calendar): refused with the reason, nothing added.
            var refused = await env.CtlAsync("scan", $"(01)07038010001659(17){expired}(10)OLD1");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("use-by date (siste forbruksdag)", refused.Err, StringComparison.Ordinal);
            await CartLinesAsync(env, 3);

            var checkout = await env.CtlAsync("checkout");
            Assert.True(checkout.Exit == 0, $"checkout failed: {checkout.Out} {checkout.Err}");
            var receipt = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(env.PrinterFolder, "*.txt")));
            Assert.Contains("1,250 kg x 34,90 kr/kg", receipt, StringComparison.Ordinal);
            Assert.Contains("43,63", receipt, StringComparison.Ordinal);

            // Upstream: the rejection for the waste report and the sale with its traced lines.
            List<JsonElement> upstream = [];
            await KioskEnvironment.EventuallyAsync(async () =>
            {
                upstream = (await env.UpstreamEventsAsync()).Where(e => e.Status == "accepted").Select(e => e.Event).ToList();
                return upstream.Any(e => e.GetProperty("type").GetString() == "sale");
            }, TimeSpan.FromSeconds(15), "the sale reached the back office");

            var rejection = Assert.Single(upstream, e => e.GetProperty("type").GetString() == "scan-rejected").GetProperty("payload");
            Assert.Equal(("use-by", "OLD1", "07038010001659"), (rejection.GetProperty("rule").GetString(), rejection.GetProperty("lot").GetString(), rejection.GetProperty("gtin").GetString()));
            var lines = Assert.Single(upstream, e => e.GetProperty("type").GetString() == "sale").GetProperty("payload").GetProperty("lines").EnumerateArray().ToList();
            var apples = Assert.Single(lines, l => l.GetProperty("gtin").GetString() == Apples);
            Assert.Equal(("1.25", "kg", "34.90", "43.63", "LOT42", "1.25"), (Text(apples, "qty"), Text(apples, "unit"), Text(apples, "unitPrice"), Text(apples, "lineTotal"), Text(apples, "lot"), Text(apples, "netWeight")));
            Assert.Equal("2020-01-01", Text(Assert.Single(lines, l => l.GetProperty("gtin").GetString() == "07040030001106"), "bestBefore"));

            using var recall = JsonDocument.Parse(await env.Http.GetStringAsync($"admin/recalls?gtin={Apples}&lot=LOT42"));
            var sold = Assert.Single(recall.RootElement.GetProperty("sales").EnumerateArray());
            Assert.Equal(KioskEnvironment.KioskId, sold.GetProperty("kioskId").GetString());
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static async Task<List<JsonElement>> CartLinesAsync(KioskEnvironment env, int count)
    {
        List<JsonElement> lines = [];
        await KioskEnvironment.EventuallyAsync(async () =>
        {
            var status = await env.CtlAsync("status", "--json");
            using var doc = JsonDocument.Parse(status.Out);
            lines = doc.RootElement.GetProperty("cart").GetProperty("lines").EnumerateArray().Select(l => l.Clone()).ToList();
            return lines.Count == count;
        }, TimeSpan.FromSeconds(10), $"{count} cart line(s)");
        return lines;
    }

    /// <summary>Writes the reports into the FIFO standing in for /dev/hidraw0 (kioskd holds it open for reading).</summary>
    private static async Task WriteNodeAsync(string node, IEnumerable<byte[]> reports)
    {
        await using var fifo = new FileStream(node, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, useAsync: false);
        foreach (var report in reports)
        {
            await fifo.WriteAsync(report);
        }
    }

    /// <summary>hardware-profiles/simulated.json plus a HID POS scanner on the hidraw driver at <paramref name="node"/>.</summary>
    private static string WriteProfile(string dir, string node)
    {
        var profile = JsonNode.Parse(
            File.ReadAllText(RepoPaths.SimulatedProfile),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        profile["devices"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "hid-scanner",
            ["kind"] = "scanner",
            ["driver"] = "hidraw",
            ["path"] = node,
            ["options"] = new JsonObject { ["reportDescriptorHex"] = HidPosFixtures.ScannerDescriptorHex },
        });
        var path = Path.Combine(dir, "gs1-hidraw.json");
        File.WriteAllText(path, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
