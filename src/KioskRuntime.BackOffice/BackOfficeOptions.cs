using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;

namespace KioskRuntime.BackOffice;

/// <summary>
/// Settings from standard .NET configuration (command line, <c>BackOffice__*</c> environment variables, appsettings
/// section <c>BackOffice</c>). Immutable.
/// </summary>
internal sealed record BackOfficeOptions(string Token, string DataPath, bool DemoCatalog, string? FaultsFile)
{
    public const string Section = "BackOffice";
    public const string DefaultDataPath = "./backoffice-data/backoffice.db";

    /// <summary>Command-line switches mapped onto the <c>BackOffice</c> section.</summary>
    public static readonly FrozenDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--token"] = $"{Section}:Token",
        ["--data"] = $"{Section}:Data",
        ["--demo-catalog"] = $"{Section}:DemoCatalog",
        ["--faults"] = $"{Section}:Faults",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static BackOfficeOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var token = section["Token"];
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new BackOfficeConfigurationException(
                "No bearer token configured: pass --token TOKEN (or set BackOffice__Token). Every /v1 and /admin request must carry it.");
        }

        var demoText = section["DemoCatalog"];
        var demo = true;
        if (!string.IsNullOrWhiteSpace(demoText) && !bool.TryParse(demoText, out demo))
        {
            throw new BackOfficeConfigurationException($"--demo-catalog must be true or false, got \"{demoText}\".");
        }

        var data = section["Data"];
        var faults = section["Faults"];
        return new BackOfficeOptions(
            token.Trim(),
            string.IsNullOrWhiteSpace(data) ? DefaultDataPath : data,
            demo,
            string.IsNullOrWhiteSpace(faults) ? null : faults);
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
