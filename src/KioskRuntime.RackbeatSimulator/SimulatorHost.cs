using KioskRuntime.RackbeatSimulator.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KioskRuntime.RackbeatSimulator;

/// <summary>The simulator started in-process on a free loopback port (for tests): real Kestrel, real HTTP.</summary>
internal sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>; the API is under <c>api/</c>.</summary>
    public Uri Root { get; }

    public Uri ApiBase => new(Root, "api/");

    public SimulatedAccount Account => _app.Services.GetRequiredService<SimulatedAccount>();

    public FaultBook Faults => _app.Services.GetRequiredService<FaultBook>();

    public static async Task<SimulatorHost> StartAsync(params string[] args)
    {
        var app = SimulatorApp.Build([.. args, "--urls", "http://127.0.0.1:0"]);
        await app.StartAsync().ConfigureAwait(false);
        var address = SimulatorApp.Addresses(app).First();
        return new SimulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
