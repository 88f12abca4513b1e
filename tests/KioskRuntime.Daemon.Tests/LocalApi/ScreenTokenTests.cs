using KioskRuntime.Daemon.LocalApi;

namespace KioskRuntime.Daemon.Tests.LocalApi;

/// <summary>
/// The screen's per-boot token. Under the shipped unit (<c>ProcSubset=pid</c>) and in the systemd container test, the kernel's boot
/// id is hidden: kioskd must still start (it aborted there once), keep the token across its own restarts and renew it on a new boot.
/// </summary>
public sealed class ScreenTokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("screen-token-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_hidden_boot_id_still_gives_a_token_that_a_restart_keeps()
    {
        var missing = Path.Combine(_dir, "no-such-boot_id");

        var first = ScreenToken.Create(_dir, missing);
        var again = ScreenToken.Create(_dir, missing);

        Assert.Equal(43, first.Value.Length);
        Assert.Equal(first.Value, again.Value);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(first.TokenFile));
    }

    [Fact]
    public void A_new_boot_id_renews_the_token_and_the_same_one_keeps_it()
    {
        var bootId = Path.Combine(_dir, "boot_id");
        File.WriteAllText(bootId, "11111111-2222-3333-4444-555555555555\n");
        var first = ScreenToken.Create(_dir, bootId);
        Assert.Equal(first.Value, ScreenToken.Create(_dir, bootId).Value);

        File.WriteAllText(bootId, "66666666-7777-8888-9999-000000000000\n");
        Assert.NotEqual(first.Value, ScreenToken.Create(_dir, bootId).Value);
    }
}
