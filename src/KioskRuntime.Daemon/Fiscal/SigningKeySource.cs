using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Daemon.Fiscal;

/// <summary>
/// Where kioskd's transaction signing key comes from: the systemd credential <c>saft-signing-key</c> (a PEM private key in
/// $CREDENTIALS_DIRECTORY; the unit's LoadCredentialEncrypted=/LoadCredential= puts it there), else — only when the payment terminal is
/// simulated, so no real money can be taken — a development key generated once in the data directory. Anything else refuses to start:
/// a kiosk that takes money signs every sale.
/// </summary>
internal static class SigningKeySource
{
    public const string CredentialName = "saft-signing-key";
    public const string DevelopmentKeyFile = "saft-dev-signing-key.pem";

    /// <exception cref="SigningKeyException">no usable key; the message says where kioskd looked and what to do.</exception>
    public static FiscalSigningKey Load(HardwareProfile profile, string dataDir, string? credentialsDirectory, out string source)
    {
        var credential = string.IsNullOrEmpty(credentialsDirectory) ? null : Path.Combine(credentialsDirectory.Split(':')[0], CredentialName);
        try
        {
            // The unit's SetCredential= fallback leaves a credential holding only a newline when /etc/kiosk has no key: that is "none".
            if (credential is not null && File.Exists(credential) && File.ReadAllText(credential).Trim().Length > 0)
            {
                source = $"systemd credential {CredentialName}";
                return FiscalSigningKey.Load(credential);
            }

            if (!TakesNoRealMoney(profile))
            {
                throw new SigningKeyException(
                    $"no transaction signing key: the systemd credential {CredentialName} is missing " +
                    $"({(credential is null ? "$CREDENTIALS_DIRECTORY is not set" : credential + " does not exist")}). " +
                    "Create one with `kioskctl saft keygen --out FILE` and install it as described in docs/norway.md");
            }

            var path = Path.Combine(dataDir, DevelopmentKeyFile);
            source = $"development key {path} (the payment terminal is simulated)";
            if (File.Exists(path))
            {
                return FiscalSigningKey.Load(path);
            }

            var key = FiscalSigningKey.Generate();
            using (var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            using (var writer = new StreamWriter(file))
            {
                writer.Write(key.ExportPrivateKeyPem());
                writer.Flush();
                file.Flush(flushToDisk: true);
            }

            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new SigningKeyException($"the transaction signing key cannot be read: {e.Message}", e);
        }
    }

    /// <summary>True when the profile's payment terminals are all simulated (the only case a development key is allowed).</summary>
    public static bool TakesNoRealMoney(HardwareProfile profile) =>
        profile.Devices.Where(d => d.Kind == Devices.DeviceKind.PaymentTerminal).All(d => d.Driver is "simulated" or "nexo-simulated");
}

/// <summary>kioskd has no signing key it may use (exit 78).</summary>
internal sealed class SigningKeyException : Exception
{
    public SigningKeyException(string message) : base(message)
    {
    }

    public SigningKeyException(string message, Exception inner) : base(message, inner)
    {
    }
}
