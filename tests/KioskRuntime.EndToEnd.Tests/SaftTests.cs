using System.Diagnostics;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>The Norwegian fiscal chain as the real processes run it: signed sales, kioskctl saft export|verify|keygen, the export journaled.</summary>
[Collection("processes")]
public sealed class SaftTests(ITestOutputHelper output)
{
    private const string Jam = "07038010001659";

    [Fact]
    public async Task A_sale_and_a_return_export_as_a_valid_auditfile_whose_chain_verifies_and_the_export_is_journaled_and_delivered()
    {
        await using var env = await KioskEnvironment.StartAsync();
        try
        {
            env.StartKioskd(watchdogMs: 0);
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(20));
            await KioskEnvironment.EventuallyAsync(async () => (await env.CtlAsync("scan", Jam)).Exit == 0, TimeSpan.FromSeconds(20), "catalog pulled");
            var sold = await env.CtlAsync("checkout");
            Assert.True(sold.Exit == 0, sold.Err);
            Assert.Equal(0, (await env.CtlAsync("scan", env.ReturnCodeOf(1))).Exit); // the receipt's return code, then the goods back
            Assert.Equal(0, (await env.CtlAsync("scan", Jam)).Exit);
            var refunded = await env.CtlAsync("checkout");
            Assert.True(refunded.Exit == 0, refunded.Err);

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var file = Path.Combine(env.DataDir, "..", "auditfile.xml");
            var export = await env.CtlAsync("saft", "export", "--from", $"{today.AddDays(-1):yyyy-MM-dd}", "--to", $"{today.AddDays(1):yyyy-MM-dd}", "--out", file);
            Assert.True(export.Exit == 0, export.Err);
            Assert.Contains("2 transaction(s)", export.Out, StringComparison.Ordinal);
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("<transType>RETURNSAL</transType>", xml, StringComparison.Ordinal);
            Assert.Contains("<eventType>POSSTART</eventType>", xml, StringComparison.Ordinal); // kioskd's start is journaled (13001)
            Assert.Contains("<eventType>SALREC</eventType>", xml, StringComparison.Ordinal);

            var (lint, lintOutput) = Xmllint.Validate(file);
            Assert.True(lint == 0, lintOutput);
            var verify = await env.CtlAsync("saft", "verify", file);
            Assert.True(verify.Exit == 0, verify.Out + verify.Err);
            Assert.Contains("signature chains intact: 2 transaction(s) verified", verify.Out, StringComparison.Ordinal);

            // A changed amount in the file: verify fails and says which transaction.
            await File.WriteAllTextAsync(file, xml.Replace("<transAmntIn>-", "<transAmntIn>-1", StringComparison.Ordinal));
            var broken = await env.CtlAsync("saft", "verify", file);
            Assert.Equal(1, broken.Exit);
            Assert.Contains("transaction 2", broken.Out, StringComparison.Ordinal);

            // The export is an event: in the journal, and upstream with the signed sale.
            await KioskEnvironment.EventuallyAsync(
                async () => (await env.UpstreamEventsAsync()).Any(e => e.Event.GetProperty("type").GetString() == "saft-export"), TimeSpan.FromSeconds(15), "export event delivered");
            var stored = await env.UpstreamEventsAsync();
            Assert.All(stored, e => Assert.Equal("accepted", e.Status));
            var sale = stored.First(e => e.Event.GetProperty("type").GetString() == "sale").Event.GetProperty("payload");
            Assert.Equal(1, sale.GetProperty("signature").GetProperty("keyVersion").GetInt32());
            var keys = await env.CtlAsync("saft", "keys");
            Assert.Contains("BEGIN PUBLIC KEY", keys.Out, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(env.DataDir, "saft-dev-signing-key.pem")), "the simulated profile signs with a development key in the data directory");
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Keygen_writes_an_owner_only_private_key_prints_the_public_key_and_never_overwrites()
    {
        var dir = Directory.CreateTempSubdirectory("saft-keygen-").FullName;
        try
        {
            var path = Path.Combine(dir, "saft-signing-key");
            var made = await Kioskctl.RunAsync(dir, "saft", "keygen", "--out", path);
            Assert.True(made.Exit == 0, made.Err);
            Assert.Contains("-----BEGIN PUBLIC KEY-----", made.Out, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Contains("BEGIN PRIVATE KEY", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

            // Debian's openssl reads it as a 1024-bit RSA key.
            var info = new ProcessStartInfo("openssl", ["rsa", "-in", path, "-noout", "-text"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using (var p = Process.Start(info)!)
            {
                var text = await p.StandardOutput.ReadToEndAsync();
                await p.WaitForExitAsync();
                Assert.Contains("1024 bit", text, StringComparison.Ordinal);
            }

            var before = await File.ReadAllTextAsync(path);
            var again = await Kioskctl.RunAsync(dir, "saft", "keygen", "--out", path);
            Assert.Equal(1, again.Exit);
            Assert.Contains("never overwritten", again.Err, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllTextAsync(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
