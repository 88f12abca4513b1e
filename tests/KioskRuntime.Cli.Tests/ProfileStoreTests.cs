using System.Text;
using KioskRuntime.Cli.Flashing;

namespace KioskRuntime.Cli.Tests;

/// <summary>
/// The flash's write: a power cut at each point between the synced temp file and the synced directory leaves either the old or the new
/// profile in force (never a mix, never none), and the next flash after "reboot" goes through. The cut is simulated by stopping the write
/// at that step (nothing after it runs); every earlier step was fsync'ed, so a real power cut there loses nothing earlier either.
/// </summary>
public sealed class ProfileStoreTests : IDisposable
{
    private static readonly byte[] Old = Encoding.UTF8.GetBytes("{ \"kioskId\": \"old\" }");
    private static readonly byte[] New = Encoding.UTF8.GetBytes("{ \"kioskId\": \"new\", \"devices\": [] }");
    private readonly string _dir = Directory.CreateTempSubdirectory("kiosk-store-").FullName;

    private sealed class PowerCut : Exception;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("temp-synced", false)]
    [InlineData("renamed", true)]
    [InlineData("directory-synced", true)]
    public void A_power_cut_during_the_write_leaves_the_old_or_the_new_profile_whole(string cutAt, bool newInForce)
    {
        File.WriteAllBytes(Path.Combine(_dir, "profile.json"), Old);
        var store = new ProfileStore(_dir, step => { if (step == cutAt) { throw new PowerCut(); } });
        Assert.Throws<PowerCut>(() => store.Install(New, Old));

        // After the "reboot": kioskd reads profile.json, which is one of the two, whole; the last good is the old one.
        Assert.Equal(newInForce ? New : Old, File.ReadAllBytes(Path.Combine(_dir, "profile.json")));
        Assert.Equal(Old, File.ReadAllBytes(Path.Combine(_dir, "profile.last-good.json")));

        // A stale temp file does not stop the next flash, which completes.
        var again = new ProfileStore(_dir);
        again.Install(New, again.ReadCurrent());
        Assert.Equal(New, again.ReadCurrent());
        Assert.False(File.Exists(Path.Combine(_dir, "profile.json.tmp")));
    }

    [Fact]
    public void Install_keeps_the_profile_in_force_as_the_last_good_and_restore_puts_it_back()
    {
        var store = new ProfileStore(_dir);
        store.Install(Old, null);
        Assert.Null(store.ReadLastGood());
        store.Install(New, store.ReadCurrent());
        Assert.Equal(New, store.ReadCurrent());
        Assert.Equal(Old, store.ReadLastGood());
        store.Restore(store.ReadLastGood()!);
        Assert.Equal(Old, store.ReadCurrent());
    }

    [Fact]
    public async Task Progress_without_a_terminal_has_no_escape_codes_and_says_ok_or_failed_in_words()
    {
        var output = new StringWriter();
        var printer = new StepPrinter(output, interactive: false, colour: false, silent: false, total: 2);
        await printer.RunAsync("validate", () => Task.FromResult((true, "fine")));
        await printer.RunAsync("probe", () => Task.FromResult((false, "printer missing")));
        Assert.Equal($"[1/2] validate   ok  fine{Environment.NewLine}[2/2] probe      FAILED  printer missing{Environment.NewLine}", output.ToString());
        Assert.DoesNotContain('\u001b', output.ToString());
    }
}
