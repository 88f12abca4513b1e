using KioskRuntime.RackbeatSimulator.Account;
using KioskRuntime.RackbeatSimulator.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.RackbeatSimulator;

/// <summary>
/// Builds the simulator: Kestrel on <see cref="DefaultUrl"/> unless <c>--urls</c> says otherwise; <c>--token</c>, <c>--data FILE</c>
/// (state survives a restart), <c>--stock-mode shipment|invoice</c>, <c>--premium true|false</c>, <c>--demo true|false</c> (seed the
/// demo account when the state is new; default true).
/// </summary>
internal static class SimulatorApp
{
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static WebApplication Build(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--token"] = "Sim:Token",
            ["--data"] = "Sim:Data",
            ["--stock-mode"] = "Sim:StockMode",
            ["--premium"] = "Sim:Premium",
            ["--demo"] = "Sim:Demo",
        });
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var section = builder.Configuration.GetSection("Sim");
        var data = section["Data"];
        var isNew = data is null || !File.Exists(data);
        var account = new SimulatedAccount(data, TimeProvider.System);
        var settings = account.Settings;
        settings.Token = section["Token"] is { Length: > 0 } token ? token : settings.Token;
        settings.StockMode = section["StockMode"] switch
        {
            null or "" => settings.StockMode,
            "shipment" => StockMode.Shipment,
            "invoice" => StockMode.Invoice,
            var other => throw new SimulatorConfigurationException($"--stock-mode must be shipment or invoice, got \"{other}\""),
        };
        settings.Premium = Flag(section, "Premium", settings.Premium);
        account.Configure(settings);
        if (isNew && Flag(section, "Demo", true))
        {
            DemoAccount.Seed(account);
        }

        var faults = new FaultBook();
        builder.Services.AddSingleton(account);
        builder.Services.AddSingleton(faults);
        var app = builder.Build();
        app.UseMiddleware<RackbeatGate>();
        app.MapRackbeatEndpoints(account);
        app.MapAdminEndpoints(account, faults);
        app.Lifetime.ApplicationStarted.Register(() => Console.Out.WriteLine(
            $"rackbeat-sim listening on {string.Join(", ", Addresses(app))} (stock on {settings.StockMode.ToString().ToLowerInvariant()}, {account.Products().Count} products, data {data ?? "in memory"})"));
        return app;
    }

    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static bool Flag(IConfigurationSection section, string name, bool fallback) =>
        section[name] is not { Length: > 0 } text ? fallback
        : bool.TryParse(text, out var value) ? value
        : throw new SimulatorConfigurationException($"--{name.ToLowerInvariant()} must be true or false, got \"{text}\"");
}
