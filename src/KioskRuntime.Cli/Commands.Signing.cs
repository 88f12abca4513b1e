using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using KioskRuntime.Hardware.Profiles.Signing;
using KioskRuntime.Linux;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    /// <summary>Default trusted-keys directory, as kioskd resolves it.</summary>
    private static string DefaultConfigDir() =>
        Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY") is { Length: > 0 } dir ? dir.Split(':')[0] : "/etc/kiosk";

    private static Command Keygen(CommandContext c)
    {
        var name = new Argument<string>("name") { Description = "Base name: writes NAME.key (private, mode 0600) and NAME.pub (for /etc/kiosk/trusted-keys/)" };
        var cmd = new Command("keygen", "Create an operator signing key pair (ECDSA P-256). Keep NAME.key off the kiosks; install NAME.pub on them.") { Arguments = { name } };
        cmd.SetAction(async (parse, ct) =>
        {
            var baseName = Path.GetFullPath(parse.GetValue(name)!);
            if (File.Exists(baseName + ".key"))
            {
                await c.Error.WriteLineAsync($"kioskctl: {baseName}.key exists; refusing to overwrite a signing key").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using (var file = FileDescriptor.Open(baseName + ".key", OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate, 0x180))
            {
                file.WriteAt(0, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
                file.Sync();
            }

            DurableFile.Replace(baseName + ".pub", System.Text.Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem()));
            await c.Output.WriteLineAsync($"key {ProfileKey.KeyIdOf(key)}: private {baseName}.key (keep it safe), public {baseName}.pub (copy to /etc/kiosk/trusted-keys/ on each kiosk)").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Sign(CommandContext c)
    {
        var file = new Argument<FileInfo>("file") { Description = "The hardware profile to sign (rewritten in place unless --out)" };
        var keyFile = new Option<FileInfo>("--key") { Description = "The operator's private key (PEM, from kioskctl profile keygen)", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the signed profile here instead" };
        var cmd = new Command("sign", "Sign a valid hardware profile: embeds a signature over its canonical form (comments and layout are kept and do not matter).")
        {
            Arguments = { file }, Options = { keyFile, output },
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
            var (profile, problems) = new Hardware.Profiles.ProfileLoader(ProfileDrivers()).Parse(bytes, path);
            if (profile is null)
            {
                foreach (var p in problems)
                {
                    await c.Error.WriteLineAsync(p.ToString()).ConfigureAwait(false);
                }

                await c.Error.WriteLineAsync($"kioskctl: not signed: {problems.Count} problem(s); fix them first").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            using var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(await File.ReadAllTextAsync(parse.GetValue(keyFile)!.FullName, ct).ConfigureAwait(false));
                if (key.KeySize != 256)
                {
                    throw new CryptographicException($"a P-256 key was expected, not {key.KeySize} bits");
                }
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException or IOException)
            {
                await c.Error.WriteLineAsync($"kioskctl: {parse.GetValue(keyFile)!.FullName}: not an ECDSA P-256 private key: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            var signed = ProfileSignature.Sign(bytes, key);
            var target = parse.GetValue(output)?.FullName ?? path;
            DurableFile.Replace(target, signed);
            await c.Output.WriteLineAsync($"{target}: signed with key {ProfileKey.KeyIdOf(key)}, profile sha256 {ProfileSignature.Hash(signed)}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Verify(CommandContext c)
    {
        var file = new Argument<FileInfo>("file") { Description = "The hardware profile" };
        var keys = TrustedKeysOption();
        var json = JsonOption();
        var cmd = new Command("verify", "Check a profile's signature against the trusted keys, as kioskd will. Exit 1 unless it is signed by one of them.")
        {
            Arguments = { file }, Options = { keys, json },
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(keys) ?? Path.Combine(DefaultConfigDir(), "trusted-keys");
            var (trusted, problems) = ProfileKey.LoadDirectory(dir);
            var check = ProfileSignature.Verify(await File.ReadAllBytesAsync(parse.GetValue(file)!.FullName, ct).ConfigureAwait(false), trusted);
            if (parse.GetValue(json))
            {
                await c.Output.WriteLineAsync(JsonSerializer.Serialize(new { status = check.Status.ToString().ToLowerInvariant(), check.ProfileHash, check.KeyId, check.Message, trustedKeys = dir, keyProblems = problems }, Pretty)).ConfigureAwait(false);
            }
            else
            {
                await (check.IsValid ? c.Output : c.Error).WriteLineAsync($"{parse.GetValue(file)!.FullName}: {check.Message} (sha256 {check.ProfileHash}; trusted keys in {dir}: {trusted.Count})").ConfigureAwait(false);
                foreach (var p in problems)
                {
                    await c.Error.WriteLineAsync($"kioskctl: unreadable trusted key: {p}").ConfigureAwait(false);
                }
            }

            return check.IsValid ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return cmd;
    }

    private static Option<string?> TrustedKeysOption() => new("--trusted-keys")
    {
        Description = "Directory of trusted public keys (*.pub). Default: $CONFIGURATION_DIRECTORY/trusted-keys, else /etc/kiosk/trusted-keys",
    };
}
