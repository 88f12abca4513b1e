using KioskRuntime.Control;

namespace KioskRuntime.Daemon.Tests;

/// <summary>kioskctl run as root takes only --data-dir or /var/lib/kiosk: a ./kiosk-data with a planted socket never impersonates kioskd.</summary>
public sealed class DataDirectoryForRootTests
{
    [Fact]
    public void As_root_the_working_directory_and_the_environment_are_never_used()
    {
        var work = Directory.CreateTempSubdirectory("kiosk-cwd-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(work, DataDirectory.DefaultFolderName)); // planted: ./kiosk-data with a "socket"
            Func<string, string?> env = name => name == "KIOSK_DATA_DIR" ? Path.Combine(work, "elsewhere") : null;

            Assert.Equal(DataDirectory.ServiceStateDirectory, DataDirectory.ResolveForTool(null, _ => null, work, asRoot: true));
            Assert.Equal(DataDirectory.ServiceStateDirectory, DataDirectory.ResolveForTool(null, env, work, asRoot: true));
            Assert.Equal("/srv/kiosk", DataDirectory.ResolveForTool("/srv/kiosk", env, work, asRoot: true));

            // Not root: as before, the working directory's kiosk-data and the environment count.
            Assert.Equal(Path.Combine(work, DataDirectory.DefaultFolderName), DataDirectory.ResolveForTool(null, _ => null, work));
            Assert.Equal(Path.Combine(work, "elsewhere"), DataDirectory.ResolveForTool(null, env, work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
