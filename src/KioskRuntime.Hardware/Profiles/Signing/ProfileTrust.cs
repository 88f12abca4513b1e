namespace KioskRuntime.Hardware.Profiles.Signing;

/// <summary>
/// Whether kioskd may run a profile (docs/profile-signing.md, "Who may run what"), the one rule kioskd and <c>kioskctl profile flash</c>
/// share: a profile signed with a trusted key runs; a profile whose devices are all simulated runs unsigned (it drives no real payment
/// terminal, printer, lock or scanner, so it cannot sell for real: the developer's and the tests' kiosk); anything else unsigned or
/// wrongly signed runs only when the local development setting allows it, and then says so in <c>kioskctl status</c>. Stateless.
/// </summary>
public static class ProfileTrust
{
    public const string Signed = "signed";
    public const string SimulatedUnsigned = "unsigned-simulated";
    public const string DevelopmentUnsigned = "unsigned-development";

    /// <summary>The development setting's name, as kioskd's configuration spells it (kioskd.json, <c>Kiosk__AllowUnsignedProfiles</c>).</summary>
    public const string DevelopmentSetting = "Kiosk:AllowUnsignedProfiles";

    /// <summary>A driver that simulates its device: <c>simulated</c>, or a name ending in <c>-simulated</c> (<c>nexo-simulated</c>).</summary>
    public static bool IsSimulatedDriver(string driver) => driver == "simulated" || driver.EndsWith("-simulated", StringComparison.Ordinal);

    public static TrustDecision Decide(ReadOnlySpan<byte> utf8, HardwareProfile profile, IReadOnlyList<ProfileKey> trusted, bool allowUnsigned)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var check = ProfileSignature.Verify(utf8, trusted);
        if (check.IsValid)
        {
            return new TrustDecision(true, Signed, check.ProfileHash, check.KeyId, check.Message);
        }

        if (check.Status == SignatureStatus.Unsigned && profile.Devices.All(d => IsSimulatedDriver(d.Driver)))
        {
            return new TrustDecision(true, SimulatedUnsigned, check.ProfileHash, null, "unsigned, accepted because every device is simulated (it cannot sell for real)");
        }

        if (allowUnsigned)
        {
            return new TrustDecision(true, DevelopmentUnsigned, check.ProfileHash, check.KeyId, $"NOT VERIFIED ({check.Message}); running only because the development setting {DevelopmentSetting} is on");
        }

        var next = check.Status == SignatureStatus.UnknownKey
            ? "install the operator's public key in the trusted-keys directory, or have the profile signed with a key already there"
            : "have the operator sign it (kioskctl profile sign FILE --key KEY)";
        return new TrustDecision(false, "refused", check.ProfileHash, check.KeyId, $"{check.Message}; {next}");
    }
}

/// <summary>What <see cref="ProfileTrust.Decide"/> concluded, with the canonical hash (null only for a profile that is not JSON).</summary>
public sealed record TrustDecision(bool Accepted, string Mode, string? ProfileHash, string? KeyId, string Message);
