using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;

namespace KioskRuntime.BackOffice;

/// <summary>
/// Settings from standard .NET configuration (command line, <c>BackOffice__*</c> environment variables, appsettings
/// section <c>BackOffice</c>). Immutable.
/// </summary>
internal sealed record BackOfficeOptions(string CredentialsFile, string DataPath, bool DemoCatalog, string? FaultsFile, bool EnableFaults)
{
    public const string Section = "BackOffice";
    public const string DefaultDataPath = "./backoffice-data/backoffice.db";

    /// <summary>Command-line switches mapped onto the <c>BackOffice</c> section.</summary>
    public static readonly FrozenDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--token"] = $"{Section}:Token",
        ["--credentials"] = $"{Section}:Credentials",
        ["--enable-faults"] = $"{Section}:EnableFaults",
        ["--data"] = $"{Section}:Data",
        ["--demo-catalog"] = $"{Section}:DemoCatalog",
        ["--faults"] = $"{Section}:Faults",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static BackOfficeOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!string.IsNullOrWhiteSpace(section["Token"]))
        {
            throw new BackOfficeConfigurationException(
                "--token (one token for every kiosk and for admin) is gone: pass --credentials FILE, made with "
                + "kiosk-backoffice credentials issue --file FILE --kiosk ID (and --admin); see the README.");
        }

        var credentials = section["Credentials"];
        if (string.IsNullOrWhiteSpace(credentials))
        {
            throw new BackOfficeConfigurationException(
                "No credentials configured: pass --credentials FILE (or set BackOffice__Credentials), made with "
                + "kiosk-backoffice credentials issue --file FILE --kiosk ID (and --admin). Every /v1 and /admin request must carry a token from it.");
        }

        var enableFaults = Flag(section, "EnableFaults", "--enable-faults");

        var demoText = section["DemoCatalog"];
        var demo = true;
        if (!string.IsNullOrWhiteSpace(demoText) && !bool.TryParse(demoText, out demo))
        {
            throw new BackOfficeConfigurationException($"--demo-catalog must be true or false, got \"{demoText}\".");
        }

        var data = section["Data"];
        var faults = section["Faults"];
        if (!string.IsNullOrWhiteSpace(faults) && !enableFaults)
        {
            throw new BackOfficeConfigurationException($"--faults {faults}: fault injection is off; start with --enable-faults to load fault rules.");
        }

        return new BackOfficeOptions(
            credentials.Trim(),
            string.IsNullOrWhiteSpace(data) ? DefaultDataPath : data,
            demo,
            string.IsNullOrWhiteSpace(faults) ? null : faults,
            enableFaults);
    }

    /// <summary>A bare <c>--enable-faults</c> (no value) means true: the command line is rewritten before it is read.</summary>
    public static string[] ExpandFlags(string[] args)
    {
        var expanded = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var bare = args[i] == "--enable-faults"
                       && (i + 1 == args.Length || args[i + 1].StartsWith('-') || !bool.TryParse(args[i + 1], out _));
            expanded.Add(bare ? "--enable-faults=true" : args[i]);
        }

        return [.. expanded];
    }

    private static bool Flag(IConfigurationSection section, string key, string option)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw new BackOfficeConfigurationException($"{option} must be true or false, got \"{text}\".");
    }
}

/// <summary>The back office cannot start with the configuration given; the message says which setting and why.</summary>
internal sealed class BackOfficeConfigurationException : Exception
{
    public BackOfficeConfigurationException(string message)
        : base(message)
    {
    }
}
