using System.Text.Json;
using KioskRuntime.Daemon.Fiscal;
using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Daemon.Tests.Fiscal;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SigningKeySourceTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("signing-key-source-").FullName;

    private HardwareProfile RealTerminal => _kiosk.Profile with
    {
        Devices = [new DeviceConfig("terminal", DeviceKind.PaymentTerminal, "nexo", "tls://10.0.0.5:8443", JsonDocument.Parse("{}").RootElement, 1)],
    };

    [Fact]
    public void A_kiosk_that_takes_real_money_refuses_to_start_without_the_credential_and_says_how_to_make_one()
    {
        var e = Assert.Throws<SigningKeyException>(() => SigningKeySource.Load(RealTerminal, _dir, null, out _));
        Assert.Contains("saft-signing-key", e.Message, StringComparison.Ordinal);
        Assert.Contains("kioskctl saft keygen", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir)); // no development key behind its back

        var creds = Directory.CreateDirectory(Path.Combine(_dir, "creds")).FullName;
        File.WriteAllText(Path.Combine(creds, SigningKeySource.CredentialName), "\n"); // the unit's SetCredential= fallback
        Assert.Throws<SigningKeyException>(() => SigningKeySource.Load(RealTerminal, _dir, creds, out _));
    }

    [Fact]
    public void The_credential_is_used_when_present()
    {
        using var key = FiscalSigningKey.Generate();
        var creds = Directory.CreateDirectory(Path.Combine(_dir, "creds")).FullName;
        File.WriteAllText(Path.Combine(creds, SigningKeySource.CredentialName), key.ExportPrivateKeyPem());
        using var loaded = SigningKeySource.Load(RealTerminal, _dir, creds, out var source);
        Assert.Equal(key.Fingerprint, loaded.Fingerprint);
        Assert.Contains("systemd credential", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_credential_is_an_error_naming_the_file()
    {
        var creds = Directory.CreateDirectory(Path.Combine(_dir, "creds")).FullName;
        File.WriteAllText(Path.Combine(creds, SigningKeySource.CredentialName), "not a key");
        var e = Assert.Throws<SigningKeyException>(() => SigningKeySource.Load(_kiosk.Profile, _dir, creds, out _));
        Assert.Contains(Path.Combine(creds, SigningKeySource.CredentialName), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulated_terminal_gets_one_owner_only_development_key_kept_across_restarts()
    {
        using var first = SigningKeySource.Load(_kiosk.Profile, _dir, null, out var source);
        Assert.Contains("development key", source, StringComparison.Ordinal);
        var path = Path.Combine(_dir, SigningKeySource.DevelopmentKeyFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var second = SigningKeySource.Load(_kiosk.Profile, _dir, null, out _);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
    }

    public void Dispose()
    {
        _kiosk.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
