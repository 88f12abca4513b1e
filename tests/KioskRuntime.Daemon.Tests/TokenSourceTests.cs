namespace KioskRuntime.Daemon.Tests;

/// <summary>kioskd warns when the back office token comes from anywhere but the systemd credential.</summary>
public sealed class TokenSourceTests
{
    [Fact]
    public void Argv_environment_and_a_readable_config_file_warn_the_credential_does_not()
    {
        Assert.Contains("command line", TokenSource.Warning(["--upstream", "http://x", "--upstream-token", "t"], _ => null, null), StringComparison.Ordinal);
        Assert.Contains("command line", TokenSource.Warning(["--upstream-token=t"], _ => null, null), StringComparison.Ordinal);
        Assert.Contains("environment", TokenSource.Warning([], n => n == "Kiosk__UpstreamToken" ? "t" : null, null), StringComparison.Ordinal);
        Assert.Null(TokenSource.Warning(["--upstream", "http://x"], _ => null, null));

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{ "Kiosk": { "UpstreamToken": "t" } }""");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            Assert.Contains("others may read", TokenSource.Warning([], _ => null, file), StringComparison.Ordinal);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Null(TokenSource.Warning([], _ => null, file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
