using System.Diagnostics;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>xmllint (Debian libxml2-utils, installed here when absent) against Skatteetaten's XSD kept in the repository.</summary>
internal static class Xmllint
{
    public static string Xsd => Path.Combine(RepoPaths.Root, "tests", "KioskRuntime.Reports.Tests", "Schema", "Norwegian_SAF-T_Cash_Register_Schema_v_1.00.xsd");

    public static (int Exit, string Output) Validate(string file)
    {
        if (!File.Exists("/usr/bin/xmllint"))
        {
            var (code, output) = Run("apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "libxml2-utils");
            if (code != 0)
            {
                Run("apt-get", "update", "-q", "-o", "DPkg::Lock::Timeout=300");
                (code, output) = Run("apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "libxml2-utils");
            }

            Assert.True(code == 0, $"xmllint is missing and `apt-get install libxml2-utils` failed: {output}");
        }

        return Run("/usr/bin/xmllint", "--noout", "--schema", Xsd, file);
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
