using KioskRuntime.Control;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Hardware.Profiles.Signing;
using KioskRuntime.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace KioskRuntime.Daemon;

/// <summary>kioskd's entry point: options, profile and journal are checked before the host starts, so a bad start fails fast and says why.</summary>
internal static class KioskdProgram
{
    /// <summary>sysexits.h EX_CONFIG: the configuration (options or hardware profile) is wrong. systemd shows it; Restart= will not fix it.</summary>
    public const int ExitConfig = 78;

    /// <summary>sysexits.h EX_TEMPFAIL: try again later (the journal is held by another process).</summary>
    public const int ExitTempFail = 75;

    public const string Usage = """
        kioskd: the KioskRuntime service (barcode scanners, receipt printer, payment terminal, offline journal, back office sync).

        Usage: kioskd [--profile PATH] [--data-dir DIR] [--upstream URL] [--upstream-token TOKEN] [--trusted-keys DIR]
                      [--rackbeat URL --rackbeat-… …]

          --profile PATH          hardware profile (JSON). Default: $CONFIGURATION_DIRECTORY/profile.json, else the built-in simulated profile.
          --data-dir DIR          journal and state. Default: $KIOSK_DATA_DIR, $STATE_DIRECTORY, else ./kiosk-data.
          --upstream URL          back office base URL (upstream contract v1), e.g. http://127.0.0.1:5080
          --upstream-token TOKEN  bearer token; also read from the systemd credential 'upstream-token'.
          --rackbeat URL          Rackbeat API root (https://app.rackbeat.com/api/) as the upstream instead of a back office; with
                                  --rackbeat-customer N, --rackbeat-location L, --rackbeat-stock-mode shipment|invoice,
                                  --rackbeat-consumer-name NAME, --rackbeat-consumer-contact EMAIL, --rackbeat-kiosk-ref-field ID.
                                  The token: the systemd credential 'rackbeat-token' (--rackbeat-token only for a loopback URL).
          --trusted-keys DIR      the operator's public keys (*.pub) that may sign profiles. Default: $CONFIGURATION_DIRECTORY/trusted-keys,
                                  else /etc/kiosk/trusted-keys. A profile must be signed by one of them unless every device is
                                  simulated or Kiosk:AllowUnsignedProfiles (development only) is true.
          -h, --help              show this help.

        Settings may also come from appsettings.json beside the binary, $CONFIGURATION_DIRECTORY/kioskd.json and environment
        variables (Kiosk__Upstream=…). Under systemd (Type=notify) it sends READY=1, WATCHDOG=1 and STATUS=.
        Exit codes: 0 stopped cleanly, 1 failure, 75 journal in use by another process, 78 invalid options, or a hardware profile that is
        invalid or not signed by a trusted key.
        """;

    /// <summary>Runs kioskd. <paramref name="faults"/>: the test seam (the test host arms it); the shipped kioskd passes none.</summary>
    public static async Task<int> RunAsync(string[] args, IKioskFaults? faults = null)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        var unknown = UnknownArguments(args);
        if (unknown is not null)
        {
            await Console.Error.WriteLineAsync($"kioskd: {unknown}\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        // A technician's `kioskctl profile flash` outside systemd restarts kioskd in place (control command "restart"): the host stops,
        // the journal closes, and everything from the options on is read again. Under systemd, systemctl restarts the process instead.
        var previous = new RestartRequest();
        while (true)
        {
            var restart = new RestartRequest { AcceptedProfile = previous.AcceptedProfile };
            previous = restart;
            var exit = await RunOnceAsync(args, faults, restart).ConfigureAwait(false);
            if (exit != 0 || !restart.IsRequested)
            {
                return exit;
            }

            await Console.Error.WriteLineAsync("kioskd: restarting in place (requested over the control socket)").ConfigureAwait(false);
        }
    }

    private static async Task<int> RunOnceAsync(string[] args, IKioskFaults? faults, RestartRequest restart)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "kioskd",
        });
        if (Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY") is { Length: > 0 } configDir)
        {
            builder.Configuration.AddJsonFile(Path.Combine(configDir.Split(':')[0], "kioskd.json"), optional: true, reloadOnChange: false);
        }

        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--profile"] = "Kiosk:Profile",
            ["--data-dir"] = "Kiosk:DataDir",
            ["--upstream"] = "Kiosk:Upstream",
            ["--upstream-token"] = "Kiosk:UpstreamToken",
            ["--rackbeat"] = "Kiosk:Rackbeat:Url",
            ["--rackbeat-token"] = "Kiosk:Rackbeat:Token",
            ["--rackbeat-customer"] = "Kiosk:Rackbeat:Customer",
            ["--rackbeat-location"] = "Kiosk:Rackbeat:Location",
            ["--rackbeat-stock-mode"] = "Kiosk:Rackbeat:StockMode",
            ["--rackbeat-consumer-name"] = "Kiosk:Rackbeat:ConsumerName",
            ["--rackbeat-consumer-contact"] = "Kiosk:Rackbeat:ConsumerContact",
            ["--rackbeat-kiosk-ref-field"] = "Kiosk:Rackbeat:KioskRefField",
            ["--trusted-keys"] = "Kiosk:TrustedKeysDir",
        });

        var options = new KioskOptions();
        builder.Configuration.GetSection(KioskOptions.Section).Bind(options);
        var configFile = Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY") is { Length: > 0 } dir ? Path.Combine(dir.Split(':')[0], "kioskd.json") : null;
        if (TokenSource.Warning(args, Environment.GetEnvironmentVariable, configFile) is { } tokenWarning)
        {
            await Console.Error.WriteLineAsync($"kioskd: warning: {tokenWarning}").ConfigureAwait(false);
        }

        options.UpstreamToken ??= ReadCredential("upstream-token");
        if (ReadCredential("rackbeat-token") is { Length: > 0 } rackbeatToken)
        {
            options.Rackbeat.Token = rackbeatToken;
            options.Rackbeat.TokenFromCredential = true;
        }
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync("kioskd: invalid settings:\n  " + string.Join("\n  ", problems)).ConfigureAwait(false);
            return ExitConfig;
        }

        var dataDir = DataDirectory.Resolve(options.DataDir, Environment.GetEnvironmentVariable, Environment.CurrentDirectory);
        var profilePath = ResolveProfile(options.Profile);
        var composition = KioskComposition.CreateDrivers();
        var (profile, trust, refusal) = LoadTrusted(null, profilePath, options, composition);
        if ((profile is null || trust is null) && restart.AcceptedProfile is { } accepted)
        {
            // Restarted in place onto a profile it must refuse: keep selling under the one it ran (verified then), never under the
            // refused one; kioskctl sees the old hash, reports the new profile not READY and puts the last known good back.
            await Console.Error.WriteLineAsync($"kioskd: {refusal}; running the previous profile again (held in memory)").ConfigureAwait(false);
            (profile, trust, _) = LoadTrusted(accepted, profilePath, options, composition);
        }

        if (profile is null || trust is null)
        {
            await Console.Error.WriteLineAsync($"kioskd: {refusal}").ConfigureAwait(false);
            return ExitConfig;
        }

        restart.AcceptedProfile = trust.Bytes;

        try
        {
            Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"kioskd: cannot create the data directory {dataDir}: {e.Message}").ConfigureAwait(false);
            return ExitConfig;
        }

        Journal.Fiscal.FiscalSigningKey signingKey;
        try
        {
            signingKey = Fiscal.SigningKeySource.Load(profile, dataDir, Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY"), out _);
        }
        catch (Fiscal.SigningKeyException e)
        {
            await Console.Error.WriteLineAsync($"kioskd: {e.Message}").ConfigureAwait(false);
            return ExitConfig;
        }

        try
        {
            using var key = signingKey;
            using var host = KioskComposition.Build(
                builder, options, new ProfileInForce(profile, trust.Decision), composition, dataDir, faults ?? NoKioskFaults.Instance, restart, signingKey);
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (JournalLockedException e)
        {
            await Console.Error.WriteLineAsync($"kioskd: {e.Message}").ConfigureAwait(false);
            return ExitTempFail;
        }
    }

    /// <summary>
    /// Reads the profile once and checks that one copy of the bytes: valid, and signed by a trusted key (or allowed unsigned, see
    /// <see cref="ProfileTrust"/>). Returns the profile and its trust decision, or null and the sentence saying why not.
    /// </summary>
    private static (HardwareProfile? Profile, AcceptedTrust? Trust, string? Refusal) LoadTrusted(byte[]? held, string path, KioskOptions options, DriverRegistry drivers)
    {
        byte[] bytes;
        try
        {
            bytes = held ?? File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, $"cannot read the hardware profile {path}: {e.Message}");
        }

        var (profile, problems) = new ProfileLoader(drivers).Parse(bytes, path);
        if (profile is null)
        {
            return (null, null, new InvalidProfileException(problems).Message);
        }

        var keysDir = options.ResolveTrustedKeysDir(Environment.GetEnvironmentVariable);
        var (keys, keyProblems) = ProfileKey.LoadDirectory(keysDir);
        var decision = ProfileTrust.Decide(bytes, profile, keys, options.AllowUnsignedProfiles);
        if (!decision.Accepted)
        {
            var extra = keyProblems.Count > 0 ? $" (unreadable keys: {string.Join("; ", keyProblems)})" : "";
            return (null, null, $"refusing the hardware profile {path}: {decision.Message} (trusted keys: {keysDir}, {keys.Count} key(s)){extra}");
        }

        return (profile, new AcceptedTrust(decision, bytes), null);
    }

    private static string ResolveProfile(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY") is { Length: > 0 } dir && File.Exists(Path.Combine(dir.Split(':')[0], "profile.json")))
        {
            return Path.Combine(dir.Split(':')[0], "profile.json");
        }

        return Path.Combine(AppContext.BaseDirectory, "hardware-profiles", "simulated.json");
    }

    /// <summary>systemd credentials (LoadCredential=): one file per credential in $CREDENTIALS_DIRECTORY.</summary>
    private static string? ReadCredential(string name)
    {
        var dir = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
        var path = dir is { Length: > 0 } ? Path.Combine(dir, name) : null;
        return path is not null && File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private static string? UnknownArguments(string[] args)
    {
        string[] known = ["--profile", "--data-dir", "--upstream", "--upstream-token", "--trusted-keys", "--rackbeat", "--rackbeat-token", "--rackbeat-customer", "--rackbeat-location",
            "--rackbeat-stock-mode", "--rackbeat-consumer-name", "--rackbeat-consumer-contact", "--rackbeat-kiosk-ref-field"];
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].Split('=', 2)[0];
            if (!known.Contains(name))
            {
                return $"unknown argument '{args[i]}'";
            }

            if (!args[i].Contains('=', StringComparison.Ordinal) && ++i >= args.Length)
            {
                return $"{name} needs a value";
            }
        }

        return null;
    }
}
