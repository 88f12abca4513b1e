using System.Net;

namespace KioskRuntime.BackOffice.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Events_cursor_and_stock_survive_a_restart_and_the_catalog_is_not_reseeded()
    {
        await using var host = await BackOfficeHost.StartAsync();
        (await host.PushAsync("k1", Events.Sale(1, qty: "5"), Events.Sale(2))).Dispose();
        var version = (await host.GetJsonAsync("/v1/kiosks/k1/catalog")).Str("version");

        await host.RestartAsync();

        Assert.Equal((2L, Events.Hash(2)), await host.CursorAsync("k1"));
        Assert.Equal("30", await host.StockAsync(Events.Syltetoy));
        Assert.Equal(version, (await host.GetJsonAsync("/v1/kiosks/k1/catalog")).Str("version"));
        using var resend = await host.PushAsync("k1", Events.Sale(2), Events.Sale(3));
        Assert.Equal(["duplicate", "accepted"],
            (await resend.JsonAsync()).GetProperty("results").EnumerateArray().Select(r => r.Str("status")));
    }

    [Fact]
    public async Task Demo_catalog_false_starts_empty()
    {
        await using var host = await BackOfficeHost.StartAsync("--demo-catalog", "false");

        var catalog = await host.GetJsonAsync("/v1/kiosks/k1/catalog");

        Assert.Empty(catalog.GetProperty("products").EnumerateArray());
        using var stock = await host.Client.GetAsync($"/v1/kiosks/k1/stock?gtin={Events.Syltetoy}");
        Assert.Equal(HttpStatusCode.NotFound, stock.StatusCode);
    }

    [Fact]
    public void Missing_credentials_is_a_clear_configuration_error()
    {
        var ex = Assert.Throws<BackOfficeConfigurationException>(() => BackOfficeApp.Build(["--urls", "http://127.0.0.1:0"]));

        Assert.Contains("--credentials", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_old_shared_token_option_is_refused_naming_its_replacement()
    {
        var ex = Assert.Throws<BackOfficeConfigurationException>(() => BackOfficeApp.Build(["--urls", "http://127.0.0.1:0", "--token", "t"]));

        Assert.Contains("--token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--credentials", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_catalog_flag_that_is_not_a_boolean_is_a_clear_configuration_error()
    {
        var ex = Assert.Throws<BackOfficeConfigurationException>(() =>
            BackOfficeApp.Build(["--credentials", "unused", "--demo-catalog", "maybe"]));

        Assert.Contains("maybe", ex.Message, StringComparison.Ordinal);
    }
}
