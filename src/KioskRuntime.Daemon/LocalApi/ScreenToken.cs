using System.Security.Cryptography;
using System.Text;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// The per-boot credential for loopback TCP: 32 random bytes, written to <c>screen-token</c> (mode 0640: kioskd's user and group only;
/// the screen's user is put in kioskd's group, see docs/local-api.md) beside <c>screen-url</c>. Per boot: a kioskd restart keeps the
/// token (an open screen reconnects by itself), a reboot makes a new one. Under systemd the files live in <c>$RUNTIME_DIRECTORY</c>
/// (<c>/run/kiosk</c>, a tmpfs that every boot starts empty; the unit preserves it across restarts), so no boot id is needed there:
/// the unit's <c>ProcSubset=pid</c> hides <c>/proc/sys</c>. Elsewhere the kernel's boot id is kept beside the token; where it cannot be
/// read, the token is kept until the file is removed.
/// </summary>
internal sealed class ScreenToken
{
    private readonly byte[] _token;

    private ScreenToken(string value, string directory)
    {
        Value = value;
        _token = Encoding.ASCII.GetBytes(value);
        Directory = directory;
    }

    public string Value { get; }

    public string Directory { get; }

    public string TokenFile => Path.Combine(Directory, "screen-token");

    public string UrlFile => Path.Combine(Directory, "screen-url");

    /// <summary>$RUNTIME_DIRECTORY (systemd RuntimeDirectory=, cleared at reboot) when set, else the data directory.</summary>
    public static ScreenToken Create(string dataDir, string bootIdFile = BootIdFile)
    {
        var runtime = Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY") is { Length: > 0 } run ? run.Split(':')[0] : null;
        var dir = runtime ?? dataDir;
        var tokenFile = Path.Combine(dir, "screen-token");
        var bootFile = Path.Combine(dir, "screen-token.boot");
        var boot = runtime is not null ? "runtime-directory" : BootId(bootIdFile);
        if (File.Exists(tokenFile) && File.Exists(bootFile) && File.ReadAllText(bootFile).Trim() == boot
            && File.ReadAllText(tokenFile).Trim() is { Length: 43 } kept && kept.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return new ScreenToken(kept, dir);
        }

        var token = new ScreenToken(Base64Url(RandomNumberGenerator.GetBytes(32)), dir);
        WriteReadable(tokenFile, token.Value + "\n");
        WriteReadable(bootFile, boot + "\n");
        return token;
    }

    /// <summary>The kernel's boot id, or "unknown" where it cannot be read (hidden /proc/sys, a container without it).</summary>
    internal static string BootId(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    internal const string BootIdFile = "/proc/sys/kernel/random/boot_id";

    public void WriteUrl(string url) => WriteReadable(UrlFile, url + "\n");

    /// <summary>Constant-time comparison of a presented bearer token.</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _token);

    private static void WriteReadable(string path, string text)
    {
        var temp = path + ".new";
        File.WriteAllText(temp, text);
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.Move(temp, path, overwrite: true);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
