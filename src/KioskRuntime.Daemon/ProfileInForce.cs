using KioskRuntime.Control;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Hardware.Profiles.Signing;

namespace KioskRuntime.Daemon;

/// <summary>The profile kioskd runs and why it may (signed, simulated, or the development setting). Immutable.</summary>
internal sealed record ProfileInForce(HardwareProfile Profile, TrustDecision Trust)
{
    public ProfileStatus ToStatus() => new(Profile.SourceFile, Trust.ProfileHash, Trust.Mode, Trust.KeyId, Trust.Message);
}

/// <summary>Set by the control command <c>restart</c>: kioskd's host stops and <see cref="KioskdProgram"/> starts it again in place. Thread-safe.</summary>
internal sealed class RestartRequest
{
    private int _requested;

    public bool IsRequested => Volatile.Read(ref _requested) == 1;

    public void Request() => Interlocked.Exchange(ref _requested, 1);

    /// <summary>The bytes of the profile this run accepted: a restart onto a refused profile runs these again instead.</summary>
    public byte[]? AcceptedProfile { get; set; }
}

/// <summary>A trust decision with the exact bytes it was made on.</summary>
internal sealed record AcceptedTrust(TrustDecision Decision, byte[] Bytes);
