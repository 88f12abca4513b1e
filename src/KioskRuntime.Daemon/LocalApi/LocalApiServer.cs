using System.Net;
using KioskRuntime.Hardware.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// The local API, the reference customer screen (/screen/) and the technician page (/tech/): a small Kestrel server of its own, started
/// only when the profile enables <c>screen</c>, listening on 127.0.0.1 and on <c>screen.sock</c> in the data directory — never on
/// another interface. Writes the per-boot token and the screen's URL on start. See docs/local-api.md.
/// </summary>
internal sealed class LocalApiServer(
    ScreenPolicy policy,
    int? portOverride,
    string dataDir,
    LocalApiParts parts,
    ScreenStatePump pump,
    ILogger<LocalApiServer> logger) : IHostedService
{
    private WebApplication? _app;
    private int _port;

    public string SocketPath => Path.Combine(dataDir, "screen.sock");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var token = ScreenToken.Create(dataDir);
        if (File.Exists(SocketPath))
        {
            File.Delete(SocketPath); // a killed kioskd's socket; the journal lock guarantees no other kioskd uses this data dir
        }

        var web = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "kioskd", ContentRootPath = AppContext.BaseDirectory, WebRootPath = web });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 16 * 1024;
            k.Limits.MaxResponseBufferSize = 16 * 1024; // a screen's events are small; a stuck one fills this, then its queue, then is cut off
            k.Listen(IPAddress.Loopback, portOverride ?? policy.Port);
            k.ListenUnixSocket(SocketPath);
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = ScreenEvents.Json.DefaultIgnoreCondition);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "kioskd local API";
            doc.Info.Description = "The customer screen's and technician page's API (docs/local-api.md). Loopback and unix socket only.";
            doc.Servers?.Clear();
            return Task.CompletedTask;
        }));

        var (uid, gid) = OwnIds();
        var access = new ScreenAccess(token, () => _port, uid, gid);
        var app = builder.Build();
        app.Use((context, next) => access.InvokeAsync(context, next));
        app.MapGet("/", () => Results.Redirect("/screen/")).ExcludeFromDescription();
        var files = new PhysicalFileProvider(web);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache" });
        app.MapOpenApi("/openapi/{documentName}.json");
        LocalApiEndpoints.Map(app, parts);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal));
        _port = new Uri(address).Port;
        File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        token.WriteUrl($"http://127.0.0.1:{_port}/screen/");
        await pump.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Screen API on http://127.0.0.1:{Port}/ and {Socket}; token in {TokenFile}", _port, SocketPath, token.TokenFile);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        parts.Pipeline.Screen.CloseAll();
        await pump.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>kioskd's own uid and gid (from /proc/self/status), for the unix socket's peer check.</summary>
    private static (uint Uid, uint Gid) OwnIds()
    {
        uint uid = 0, gid = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                uid = uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Gid:", StringComparison.Ordinal))
            {
                gid = uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return (uid, gid);
    }
}
