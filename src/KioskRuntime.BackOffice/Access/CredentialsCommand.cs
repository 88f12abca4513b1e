using System.Globalization;
using System.Text;

namespace KioskRuntime.BackOffice.Access;

/// <summary>
/// <c>kiosk-backoffice credentials issue|revoke|list --file FILE …</c>: edits the credentials file the running back office
/// reads (it notices the change, no restart). <c>issue</c> prints the new token once on stdout; only its SHA-256 is kept.
/// </summary>
internal static class CredentialsCommand
{
    public const string Usage =
        "usage: kiosk-backoffice credentials issue --file FILE (--kiosk ID | --admin) [--replace]\n" +
        "       kiosk-backoffice credentials revoke --file FILE --id SHORTID\n" +
        "       kiosk-backoffice credentials list --file FILE";

    /// <summary>Runs the command; returns the exit code (0 done, 2 usage or file error).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider time)
    {
        try
        {
            return RunChecked(args, output, time);
        }
        catch (CredentialsUsageException ex)
        {
            error.WriteLine($"kiosk-backoffice credentials: {ex.Message}");
            error.WriteLine(Usage);
            return 2;
        }
        catch (FormatException ex)
        {
            error.WriteLine($"kiosk-backoffice credentials: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"kiosk-backoffice credentials: {ex.Message}");
            return 2;
        }
    }

    private static int RunChecked(IReadOnlyList<string> args, TextWriter output, TimeProvider time)
    {
        if (args.Count < 1)
        {
            throw new CredentialsUsageException("missing the verb");
        }

        var file = Option(args, "--file") ?? throw new CredentialsUsageException("--file FILE is required");
        var existing = File.Exists(file) ? File.ReadAllText(file) : string.Empty;
        var set = CredentialSet.Parse(existing, file);
        switch (args[0])
        {
            case "issue":
                var kiosk = Option(args, "--kiosk");
                var admin = args.Contains("--admin");
                if ((kiosk is null) == !admin)
                {
                    throw new CredentialsUsageException("give exactly one of --kiosk ID and --admin");
                }

                if (kiosk is not null && !Contract.KioskId.TryParse(kiosk, out _))
                {
                    throw new CredentialsUsageException($"--kiosk \"{kiosk}\" must match [a-z0-9][a-z0-9-]{{0,63}}");
                }

                var token = Credential.NewToken();
                var issued = new Credential(kiosk, Credential.DigestOf(token),
                    time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                var keep = args.Contains("--replace")
                    ? set.Credentials.Where(c => c.KioskId != kiosk).ToList()
                    : set.Credentials.ToList();
                keep.Add(issued);
                Write(file, keep);
                output.WriteLine(token);
                return 0;

            case "revoke":
                var id = Option(args, "--id") ?? throw new CredentialsUsageException("--id SHORTID is required (see credentials list)");
                var remaining = set.Credentials.Where(c => c.ShortId != id).ToList();
                if (remaining.Count == set.Credentials.Count)
                {
                    throw new CredentialsUsageException($"no credential with id {id} in {file}");
                }

                Write(file, remaining);
                return 0;

            case "list":
                foreach (var c in set.Credentials)
                {
                    output.WriteLine($"{c.ShortId}  {c.Subject}  issued {c.IssuedAt ?? "?"}");
                }

                return 0;

            default:
                throw new CredentialsUsageException($"unknown verb \"{args[0]}\"");
        }
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 1; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    // Written whole to a new 0600 file beside it, flushed, then renamed over it: a reader sees the old or the new file.
    private static void Write(string file, IEnumerable<Credential> credentials)
    {
        var text = new StringBuilder("# kiosk-backoffice credentials: SUBJECT SHA256(token) ISSUED-AT; edit with kiosk-backoffice credentials\n");
        foreach (var c in credentials)
        {
            text.Append(c.Subject).Append(' ').Append(Convert.ToHexStringLower(c.Digest)).Append(' ').Append(c.IssuedAt ?? "-").Append('\n');
        }

        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".new";
        File.Delete(temp); // so that it is created 0600 here, whatever an old one had
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }

    private sealed class CredentialsUsageException(string message) : Exception(message);
}
