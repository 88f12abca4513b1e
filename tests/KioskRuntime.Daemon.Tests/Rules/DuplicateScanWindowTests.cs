using KioskRuntime.Daemon.Rules;
using KioskRuntime.Testing;

namespace KioskRuntime.Daemon.Tests.Rules;

public sealed class DuplicateScanWindowTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void The_same_code_within_the_window_is_one_scan()
    {
        var window = new DuplicateScanWindow(TimeSpan.FromMilliseconds(800), _time);
        Assert.False(window.IsDuplicate("7038010001659"));
        _time.Advance(TimeSpan.FromMilliseconds(799));
        Assert.True(window.IsDuplicate("7038010001659"));
    }

    [Fact]
    public void The_same_code_once_the_window_has_passed_is_a_new_scan()
    {
        var window = new DuplicateScanWindow(TimeSpan.FromMilliseconds(800), _time);
        Assert.False(window.IsDuplicate("7038010001659"));
        _time.Advance(TimeSpan.FromMilliseconds(800));
        Assert.False(window.IsDuplicate("7038010001659"));
    }

    [Fact]
    public void Another_code_is_never_a_duplicate_and_restarts_the_window()
    {
        var window = new DuplicateScanWindow(TimeSpan.FromSeconds(1), _time);
        Assert.False(window.IsDuplicate("A"));
        Assert.False(window.IsDuplicate("B"));
        Assert.False(window.IsDuplicate("A")); // A B A: the last accepted scan was B
    }

    [Fact]
    public void A_duplicate_does_not_extend_the_window()
    {
        var window = new DuplicateScanWindow(TimeSpan.FromMilliseconds(800), _time);
        Assert.False(window.IsDuplicate("A"));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(window.IsDuplicate("A"));
        _time.Advance(TimeSpan.FromMilliseconds(300)); // 800 ms after the accepted scan, 300 after the duplicate
        Assert.False(window.IsDuplicate("A"));
    }

    [Fact]
    public void A_zero_window_turns_the_rule_off()
    {
        var window = new DuplicateScanWindow(TimeSpan.Zero, _time);
        Assert.False(window.IsDuplicate("A"));
        Assert.False(window.IsDuplicate("A"));
    }
}
