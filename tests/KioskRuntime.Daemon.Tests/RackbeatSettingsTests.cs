namespace KioskRuntime.Daemon.Tests;

/// <summary>kioskd's Rackbeat settings: one upstream, the token from the credential for a real account, every problem named.</summary>
public sealed class RackbeatSettingsTests
{
    private static KioskOptions Options(string url, bool tokenFromCredential, string? upstream = null) => new()
    {
        Upstream = upstream,
        UpstreamToken = upstream is null ? null : "t",
        Rackbeat = new RackbeatSettings
        {
            Url = url,
            Token = "rb-token",
            TokenFromCredential = tokenFromCredential,
            ConsumerName = "Butikk AS kiosk",
            ConsumerContact = "drift@butikk.no",
            Customer = 900,
        },
    };

    [Fact]
    public void A_real_account_with_the_token_from_the_credential_is_accepted_and_maps_onto_the_adapters_options()
    {
        var options = Options("https://app.rackbeat.com/api/", tokenFromCredential: true);
        options.Rackbeat.StockMode = "invoice";
        options.Rackbeat.Reasons["damage"] = "Svinn";

        Assert.Empty(options.Validate());
        var adapter = options.Rackbeat.ToOptions("kiosk-1");
        Assert.Equal(Sync.Rackbeat.RackbeatStockMode.Invoice, adapter.StockMode);
        Assert.Equal("Svinn", adapter.Reasons["damage"]);
        Assert.Equal("Purchases", adapter.Reasons["received"]); // unmapped reasons keep the defaults
        Assert.Equal("Butikk AS kiosk (drift@butikk.no)", adapter.UserAgent);
    }

    [Fact]
    public void The_profiles_adjustment_categories_map_the_reasons_and_kioskd_configuration_overrides_them_per_reason()
    {
        var options = Options("https://app.rackbeat.com/api/", tokenFromCredential: true);
        options.Rackbeat.Reasons["theft"] = "Marketing";
        var profile = new Dictionary<string, string>(StringComparer.Ordinal) { ["damage"] = "Svinn", ["theft"] = "Tyveri" };

        var adapter = options.Rackbeat.ToOptions("kiosk-1", profileCategories: profile);

        Assert.Equal("Svinn", adapter.Reasons["damage"]);      // from the profile
        Assert.Equal("Marketing", adapter.Reasons["theft"]);   // kioskd configuration overrides the profile
        Assert.Equal("Purchases", adapter.Reasons["received"]); // neither: the default
    }

    [Fact]
    public void A_token_from_configuration_is_refused_for_a_real_account_and_allowed_for_the_loopback_simulator()
    {
        Assert.Contains(Options("https://app.rackbeat.com/api/", tokenFromCredential: false).Validate(), p => p.Contains("systemd credential 'rackbeat-token'", StringComparison.Ordinal));
        Assert.Empty(Options("http://127.0.0.1:5090/api/", tokenFromCredential: false).Validate());
    }

    [Fact]
    public void Rackbeat_and_a_back_office_together_or_missing_settings_are_refused_with_their_names()
    {
        var both = Options("https://app.rackbeat.com/api/", true, upstream: "http://127.0.0.1:5080");
        var bare = new KioskOptions { Rackbeat = new RackbeatSettings { Url = "http://rackbeat.example/api/" } };
        var incomplete = new KioskOptions { Rackbeat = new RackbeatSettings { Url = "http://127.0.0.1:5090/api/", Token = "t", StockMode = "daily" } };

        Assert.Contains(both.Validate(), p => p.Contains("both set", StringComparison.Ordinal));
        Assert.Contains(bare.Validate(), p => p.Contains("must be https", StringComparison.Ordinal));
        var problems = incomplete.Validate().ToList();
        Assert.Contains(problems, p => p.StartsWith("Kiosk:Rackbeat:StockMode 'daily'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Kiosk:Rackbeat:ConsumerName", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Kiosk:Rackbeat:ConsumerContact", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Kiosk:Rackbeat:CustomerNumber", StringComparison.Ordinal));
    }
}
