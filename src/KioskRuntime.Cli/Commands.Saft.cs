using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.Journal.Fiscal;
using KioskRuntime.Reports.Saft;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private static Command Saft(CommandContext c)
    {
        var keyOut = new Option<string>("--out") { Description = "Where to write the new PRIVATE key (PEM, mode 0600); refused if it exists", Required = true };
        var keygen = new Command("keygen", "Generate the product's RSA-1024 signing key pair; print the public key for the product declaration (RF-1348).") { Options = { keyOut } };
        keygen.SetAction(async (parse, ct) => await KeygenAsync(c, parse.GetValue(keyOut)!).ConfigureAwait(false));

        var from = new Option<string>("--from") { Description = "First day (YYYY-MM-DD, Norwegian date)", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (YYYY-MM-DD), inclusive", Required = true };
        var exportOut = new Option<string>("--out") { Description = "The auditfile to write", Required = true };
        var export = new Command("export", "Write the SAF-T Cash Register auditfile for a period (through kioskd, which journals the export).") { Options = { from, to, exportOut } };
        export.SetAction(async (parse, ct) => await SaftExportAsync(c, parse, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(exportOut)!, ct).ConfigureAwait(false));

        var file = new Argument<string>("file") { Description = "An auditfile" };
        var keys = new Option<string[]>("--key") { Description = "VERSION=PUBLIC-KEY-PEM-FILE (repeatable); default: the keys kioskd has signed with", AllowMultipleArgumentsPerToken = false };
        var verify = new Command("verify", "Verify every cash register's signature chain in an auditfile. Exit 1 if any signature fails.") { Arguments = { file }, Options = { keys } };
        verify.SetAction(async (parse, ct) => await SaftVerifyAsync(c, parse, parse.GetValue(file)!, parse.GetValue(keys) ?? [], ct).ConfigureAwait(false));

        var json = JsonOption();
        var list = new Command("keys", "The signing keys this kiosk has used: version, fingerprint, public key.") { Options = { json } };
        list.SetAction(async (parse, ct) => await CallAsync(c, parse, "saft.keys", null, parse.GetValue(json), KeysText, ct).ConfigureAwait(false));

        return new Command("saft", "Norwegian SAF-T Cash Register: signing keys, export, verification (docs/norway.md).") { Subcommands = { keygen, export, verify, list } };
    }

    private static async Task<int> KeygenAsync(CommandContext c, string path)
    {
        using var key = FiscalSigningKey.Generate();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the private key: owner only, from its first byte
            }

            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            await writer.WriteAsync(key.ExportPrivateKeyPem()).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            await c.Error.WriteLineAsync($"kioskctl: saft keygen: cannot create {path}: {e.Message} (an existing key is never overwritten)").ConfigureAwait(false);
            return ExitCodes.Refused;
        }

        await c.Output.WriteLineAsync($"Private key written to {path}: install it as the systemd credential saft-signing-key (docs/norway.md) and keep a copy offline.").ConfigureAwait(false);
        await c.Output.WriteLineAsync($"Fingerprint (SHA-256 of the public key): {key.Fingerprint}").ConfigureAwait(false);
        await c.Output.WriteLineAsync("Public key for the product declaration (RSA 1024, SubjectPublicKeyInfo, PEM):").ConfigureAwait(false);
        await c.Output.WriteLineAsync(key.PublicKeyPem).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> SaftExportAsync(CommandContext c, ParseResult parse, string from, string to, string outPath, CancellationToken ct)
    {
        var client = new ControlClient(DataDirectory.SocketPath(c.ResolveDataDir(parse)));
        var partial = outPath + ".partial";
        try
        {
            await using (var writer = new StreamWriter(partial, append: false, new System.Text.UTF8Encoding(false)))
            {
                await foreach (var line in client.StreamAsync("saft.export", new JsonObject { ["from"] = from, ["to"] = to }, ct).ConfigureAwait(false))
                {
                    if (line.Item?["xml"]?.GetValue<string>() is { } chunk)
                    {
                        await writer.WriteAsync(chunk).ConfigureAwait(false);
                    }
                    else if (line.Ok == false)
                    {
                        await c.Error.WriteLineAsync($"kioskctl: saft export: {line.Error}").ConfigureAwait(false);
                        return line.ErrorKind == ControlErrorKind.Usage ? ExitCodes.Usage : ExitCodes.Refused;
                    }
                    else if (line.Ok == true)
                    {
                        await writer.FlushAsync(ct).ConfigureAwait(false);
                        ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
                        writer.Close();
                        File.Move(partial, outPath, overwrite: true);
                        var export = line.Result?["export"];
                        await c.Output.WriteLineAsync($"{outPath}: {export?["transactions"]} transaction(s), {export?["events"]} event(s), {from} to {to}; journaled as an export (sha256 {export?["sha256"]})").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }
                }
            }

            await c.Error.WriteLineAsync("kioskctl: saft export: kioskd ended the answer early").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        catch (KioskdNotRunningException e)
        {
            await c.Error.WriteLineAsync($"kioskctl: saft export: {e.Message} (the export is journaled, so kioskd must run)").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<int> SaftVerifyAsync(CommandContext c, ParseResult parse, string file, string[] keyArgs, CancellationToken ct)
    {
        var keys = new Dictionary<string, RSA>(StringComparer.Ordinal);
        try
        {
            foreach (var arg in keyArgs)
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    await c.Error.WriteLineAsync($"kioskctl: saft verify: --key \"{arg}\" is not VERSION=FILE").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                keys[arg[..eq]] = FiscalSigningKey.ImportPublicKey(await File.ReadAllTextAsync(arg[(eq + 1)..], ct).ConfigureAwait(false));
            }

            if (keys.Count == 0)
            {
                var response = await new ControlClient(DataDirectory.SocketPath(c.ResolveDataDir(parse))).SendAsync("saft.keys", null, ct).ConfigureAwait(false);
                foreach (var k in response.Result?.AsArray() ?? [])
                {
                    keys[k!["version"]!.ToString()] = FiscalSigningKey.ImportPublicKey(k["publicKeyPem"]!.GetValue<string>());
                }
            }

            await using var stream = File.OpenRead(file);
            var result = SaftVerifier.Verify(stream, keys);
            foreach (var problem in result.Problems)
            {
                await c.Output.WriteLineAsync($"{file}: {problem}").ConfigureAwait(false);
            }

            await c.Output.WriteLineAsync($"{file}: {(result.IsValid ? "signature chains intact" : "SIGNATURE CHAIN BROKEN")}: {result.Verified} transaction(s) verified" +
                (result.Unanchored > 0 ? $", {result.Unanchored} first transaction(s) chained to a predecessor outside the file" : "")).ConfigureAwait(false);
            return result.IsValid ? ExitCodes.Ok : ExitCodes.Refused;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KioskdNotRunningException or ArgumentException or CryptographicException or System.Xml.XmlException)
        {
            await c.Error.WriteLineAsync($"kioskctl: saft verify: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        finally
        {
            foreach (var k in keys.Values)
            {
                k.Dispose();
            }
        }
    }

    private static string KeysText(JsonNode? result) => string.Join(
        "\n", (result?.AsArray() ?? []).Select(k => $"key version {k?["version"]} (first used {k?["firstUsedAt"]}), fingerprint {k?["fingerprint"]}\n{k?["publicKeyPem"]}"));
}
