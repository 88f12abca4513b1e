namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>Where the built programs under test are: beside this test build, in the same configuration.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string Kioskd => Program("KioskRuntime.Daemon", "kioskd.dll");

    /// <summary>kioskd with the test fault seam armed from its environment (<c>KIOSK_ENABLE_FAULTS</c>, <c>KIOSK_KILL_AT</c>); never shipped.</summary>
    public static string KioskdTestHost => Program(Path.Combine(Root, "tests", "KioskRuntime.Testing.Kioskd"), "kioskd-testhost.dll");

    public static string Kioskctl => Program("KioskRuntime.Cli", "kioskctl.dll");

    public static string BackOffice => Program("KioskRuntime.BackOffice", "kiosk-backoffice.dll");

    public static string RackbeatSimulator => Program("KioskRuntime.RackbeatSimulator", "rackbeat-sim.dll");

    public static string SimulatedProfile => Path.Combine(Root, "hardware-profiles", "simulated.json");

    private static string Program(string project, string dll)
    {
        var path = Path.Combine(Path.Combine(Root, "src", project), "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built at {path}; build the solution first.", path);
    }

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "KioskRuntime.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("KioskRuntime.sln not found above " + AppContext.BaseDirectory);
        }

        return dir;
    }
}
