namespace KioskRuntime.Cli.Tests;

/// <summary>The repository's embedded simulated profile as text, with one device's line swapped for a real driver's.</summary>
internal static class SimulatedProfileText
{
    public static string With(string simulatedDevice, string replacement)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "hardware-profiles", "simulated.json"));
        Assert.Contains(simulatedDevice, text, StringComparison.Ordinal);
        return text.Replace(simulatedDevice, replacement, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KioskRuntime.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KioskRuntime.sln not found above " + AppContext.BaseDirectory);
    }
}
