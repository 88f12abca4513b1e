using System.Diagnostics;

namespace KioskRuntime.Reports.Tests;

/// <summary>Debian's own tools, run as processes: xmllint (installed by the test when absent) and openssl.</summary>
internal static class Tools
{
    public static readonly string Xsd = Path.Combine(AppContext.BaseDirectory, "Schema", "Norwegian_SAF-T_Cash_Register_Schema_v_1.00.xsd");

    private static readonly Lazy<string> XmllintPath = new(InstallXmllint);

    /// <summary>xmllint --noout --schema XSD FILE: exit code and what it said.</summary>
    public static (int ExitCode, string Output) ValidateAgainstXsd(string file)
    {
        Assert.True(File.Exists(Xsd), $"the official XSD is not at {Xsd}");
        return Run(XmllintPath.Value, "--noout", "--schema", Xsd, file);
    }

    public static bool OpenSslVerifies(string publicKeyPem, string signedString, string signatureBase64)
    {
        var dir = Directory.CreateTempSubdirectory("saft-openssl-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "pub.pem"), publicKeyPem);
            File.WriteAllBytes(Path.Combine(dir, "data"), System.Text.Encoding.UTF8.GetBytes(signedString));
            File.WriteAllBytes(Path.Combine(dir, "sig"), Convert.FromBase64String(signatureBase64));
            var (code, output) = Run("openssl", "dgst", "-sha1", "-verify", Path.Combine(dir, "pub.pem"), "-signature", Path.Combine(dir, "sig"), Path.Combine(dir, "data"));
            return code == 0 && output.Contains("Verified OK", StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string InstallXmllint()
    {
        foreach (var candidate in new[] { "/usr/bin/xmllint", "/usr/local/bin/xmllint" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // Debian package libxml2-utils; the CI runs the tests as root (as deploy/test.sh's system part does).
        var (code, output) = Run("apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "libxml2-utils");
        if (code != 0)
        {
            Run("apt-get", "update", "-q", "-o", "DPkg::Lock::Timeout=300");
            (code, output) = Run("apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "libxml2-utils");
        }

        Assert.True(code == 0 && File.Exists("/usr/bin/xmllint"), $"xmllint is missing and `apt-get install libxml2-utils` failed (exit {code}): {output}");
        return "/usr/bin/xmllint";
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
