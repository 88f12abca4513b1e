using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary><c>kioskctl printer test</c>: a page with one line per code table the printer model claims, decoded back from the printer's bytes.</summary>
[Collection("processes")]
public sealed class PrinterTestPageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_test_page_prints_the_nordic_letters_through_every_code_table_the_model_claims()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        env.StartKioskd(watchdogMs: 0, upstream: false);
        try
        {
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(30));
            var test = await env.CtlAsync("printer", "test");
            Assert.True(test.Exit == 0, test.Out + test.Err);

            // The simulated profile's printer is an Epson TM-T20III: its tables, each line decoded as the printer would print it.
            var claimed = System.Text.RegularExpressions.Regex.Match(test.Out, "code tables (.*?): check").Groups[1].Value.Split(", ");
            Assert.Contains("PC865", claimed);
            Assert.Contains("PC858", claimed);
            var page = File.ReadAllText(Directory.GetFiles(env.PrinterFolder, "*.txt").Single());
            Assert.Equal(claimed, System.Text.RegularExpressions.Regex.Matches(page, @"(?m)^(\S+)\s+\d+: ").Select(m => m.Groups[1].Value));
            Assert.Contains("KioskRuntime selvtest", page, StringComparison.Ordinal);
            Assert.Matches(@"PC865\s+5: æøå ÆØÅ", page);
            Assert.Matches(@"PC858\s+19: æøå ÆØÅ äöü ÄÖÜ €", page);
            Assert.Matches(@"PC437\s+0: æ\?å Æ\?Å", page); // PC437 has no ø: the page shows it
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }
}
