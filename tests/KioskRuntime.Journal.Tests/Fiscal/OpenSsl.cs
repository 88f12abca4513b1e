using System.Diagnostics;

namespace KioskRuntime.Journal.Tests.Fiscal;

/// <summary>Debian's openssl binary, run as a separate process: verifies signatures without our signer's code.</summary>
internal static class OpenSsl
{
    /// <summary>True when `openssl dgst -sha1 -verify` accepts the Base64 signature over the exact string.</summary>
    public static bool Verifies(string publicKeyPem, string signedString, string signatureBase64)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kfiscal-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "pub.pem"), publicKeyPem);
            File.WriteAllBytes(Path.Combine(dir, "data"), System.Text.Encoding.UTF8.GetBytes(signedString));
            File.WriteAllBytes(Path.Combine(dir, "sig"), Convert.FromBase64String(signatureBase64));
            var psi = new ProcessStartInfo("openssl", ["dgst", "-sha1", "-verify", "pub.pem", "-signature", "sig", "data"])
            {
                WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("openssl did not start");
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && output.Contains("Verified OK", StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
