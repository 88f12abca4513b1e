namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>
/// A fact that needs root (it runs a process as another uid). Not root: reported as skipped, with the reason, never as passed. Root (as
/// in CI): it runs, and failing to do the privileged thing fails it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(string why)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = $"needs root ({why}); CI runs the tests as root";
        }
    }
}
