namespace KioskRuntime.Peripherals.Tests;

internal static class Wait
{
    /// <summary>Waits (up to 5 s) for work the code under test does on another thread, then asserts the condition.</summary>
    public static async Task Until(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
