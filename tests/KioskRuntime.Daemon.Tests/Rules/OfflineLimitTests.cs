using KioskRuntime.Daemon.Rules;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Tests.Rules;

public sealed class OfflineLimitTests
{
    [Fact]
    public void Offline_a_sale_above_the_maximum_is_refused_and_says_the_limit()
    {
        var why = OfflineLimit.Refusal(online: false, max: 2000m, Money.Of(2000.01m));
        Assert.NotNull(why);
        Assert.Contains("offline limit of 2000.00", why, StringComparison.Ordinal);
        Assert.Contains("unreachable", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_a_sale_of_exactly_the_maximum_goes_ahead() =>
        Assert.Null(OfflineLimit.Refusal(online: false, max: 2000m, Money.Of(2000m)));

    [Fact]
    public void Online_there_is_no_limit() =>
        Assert.Null(OfflineLimit.Refusal(online: true, max: 2000m, Money.Of(99999m)));

    [Fact]
    public void Without_a_maximum_in_the_profile_there_is_no_offline_limit() =>
        Assert.Null(OfflineLimit.Refusal(online: false, max: null, Money.Of(99999m)));
}
