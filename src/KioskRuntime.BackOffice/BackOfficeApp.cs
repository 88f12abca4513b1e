using System.Text.Json;
using System.Text.Json.Serialization;
using KioskRuntime.BackOffice.Access;
using KioskRuntime.BackOffice.Catalog;
using KioskRuntime.BackOffice.Endpoints;
using KioskRuntime.BackOffice.Faults;
using KioskRuntime.BackOffice.Processing;
using KioskRuntime.BackOffice.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.BackOffice;

/// <summary>The composition root: builds the web application that <c>Program</c> runs and tests start in-process.</summary>
internal static class BackOfficeApp
{
    /// <summary>Where it listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the app from command-line arguments and standard configuration; opens (and seeds) the data file.</summary>
    /// <param name="configureServices">For testing: replace services (e.g. a fake <see cref="TimeProvider"/>).</param>
    /// <exception cref="BackOfficeConfigurationException">A setting is missing or wrong; the message says which.</exception>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        args = BackOfficeOptions.ExpandFlags(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddCommandLine(args, BackOfficeOptions.SwitchMappings.ToDictionary(StringComparer.Ordinal));
        var options = BackOfficeOptions.From(builder.Configuration);
        var initialFaults = LoadFaults(options.FaultsFile);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            // Plain HTTP belongs on loopback only (contract, Transport).
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // No body is read past this; a push is also checked against it before a byte is buffered (PooledBody).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = PooledBody.MaxBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => new BackOfficeStore(options.DataPath));
        builder.Services.AddSingleton<EventBatchProcessor>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton(sp => new CredentialSource(options.CredentialsFile, sp.GetRequiredService<ILogger<CredentialSource>>()));
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var credentials = app.Services.GetRequiredService<CredentialSource>(); // read now: a bad file stops the start
        var store = app.Services.GetRequiredService<BackOfficeStore>();
        if (options.DemoCatalog)
        {
            store.Catalog.SeedIfNeverSeeded(DemoCatalog.Products());
        }

        app.Services.GetRequiredService<FaultInjector>().Replace(initialFaults);
        app.UseRouting();
        app.UseMiddleware<AccessGate>();
        if (options.EnableFaults)
        {
            app.UseMiddleware<FaultMiddleware>();
        }

        app.MapKioskEndpoints();
        app.MapCatalogEndpoints();
        app.MapAdminEndpoints(options.EnableFaults);
        app.Lifetime.ApplicationStarted.Register(() => AnnounceListening(app, store, credentials, options.EnableFaults ? initialFaults.Count : null));
        return app;
    }

    /// <summary>The addresses Kestrel bound (e.g. the real port when started on port 0).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static void AnnounceListening(WebApplication app, BackOfficeStore store, CredentialSource credentials, int? faultCount)
    {
        var (version, products) = store.Catalog.GetCatalog();
        var set = credentials.Current.Credentials;
        var faults = faultCount is { } n ? $"FAULT INJECTION ENABLED, {n} fault rule(s)" : "fault injection off";
        Console.Out.WriteLine(
            $"kiosk-backoffice listening on {string.Join(", ", Addresses(app))} (data {store.DataPath}, {products.Count} products, catalog version {version}, "
            + $"{set.Count(c => !c.IsAdmin)} kiosk and {set.Count(c => c.IsAdmin)} admin token(s) in {credentials.FilePath}, {faults})");
    }

    private static IReadOnlyList<FaultRule> LoadFaults(string? path)
    {
        if (path is null)
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return FaultRuleParser.TryParse(doc.RootElement, out var rules, out var error)
                ? rules
                : throw new BackOfficeConfigurationException($"--faults {path}: {error}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackOfficeConfigurationException($"--faults {path}: cannot read the file: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new BackOfficeConfigurationException(
                $"--faults {path}: not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}");
        }
    }
}
