using KioskRuntime.Control;
using KioskRuntime.Daemon.LocalApi;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using KioskRuntime.Payments;
using KioskRuntime.Peripherals.Drivers;
using KioskRuntime.Printing.Drivers;
using KioskRuntime.Scanners;
using KioskRuntime.Simulation;
using KioskRuntime.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>The composition root: the one place that picks real implementations (time, disk, network, drivers).</summary>
internal static class KioskComposition
{
    /// <summary>Every driver this build ships; each driver project registers its own. <c>kioskctl profile validate</c> lists the same.</summary>
    public static DriverRegistry CreateDrivers() => new DriverRegistry()
        .AddSimulatedDrivers()
        .AddScannerDrivers()
        .AddPrinterDrivers()
        .AddPaymentDrivers()
        .AddPeripheralDrivers();

    public static IHost Build(
        HostApplicationBuilder builder, KioskOptions options, ProfileInForce inForce, DriverRegistry drivers, string dataDir, IKioskFaults faults, RestartRequest restart,
        Journal.Fiscal.FiscalSigningKey signingKey)
    {
        var profile = inForce.Profile;
        var time = TimeProvider.System;
        builder.Services.AddSystemd();

        // Outside systemd AddSystemd() registers nothing; the notifier then exists but is disabled (no $NOTIFY_SOCKET), so the same
        // binary runs in a terminal.
        builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        if (!SystemdHelpers.IsSystemdService())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(profile);
        builder.Services.AddSingleton(inForce);
        builder.Services.AddSingleton(restart);
        builder.Services.AddSingleton<SelfTest>();
        builder.Services.AddSingleton<TechnicianCommands>();
        builder.Services.AddSingleton(drivers);

        // The journal opens before anything else: no journal, no service (and no READY=1).
        builder.Services.AddSingleton(sp => KioskJournal.Open(
            new JournalOptions
            {
                DataDirectory = dataDir,
                DiskReserveBytes = options.DiskReserveMiB * 1024L * 1024L,
                Sealer = new Journal.Fiscal.FiscalSealer(signingKey, profile.RegisterId), // every sale and return signed in its own commit
            },
            time,
            sp.GetRequiredService<ILogger<KioskJournal>>()));

        builder.Services.AddSingleton(sp => new KioskState(time));
        builder.Services.AddSingleton<LoopRegistry>();
        builder.Services.AddSingleton<DeferredScanSink>();
        builder.Services.AddSingleton(sp => new DeviceContext(dataDir, time, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<DeferredScanSink>()) { FaultSteps = faults.DeviceSteps });
        builder.Services.AddSingleton<DeviceSupervisor>();
        builder.Services.AddSingleton(sp => new ReceiptComposer(profile));

        var upstream = options.Rackbeat.Enabled ? RackbeatLink.UpstreamOptions(profile.KioskId)
            : string.IsNullOrWhiteSpace(options.Upstream) ? null : new UpstreamOptions
            {
                BaseUrl = new Uri(options.Upstream),
                Token = options.UpstreamToken!,
                KioskId = profile.KioskId,
            };
        if (upstream is not null)
        {
            builder.Services.AddSingleton(upstream);
            if (options.Rackbeat.Enabled)
            {
                // Rackbeat instead of a back office: the adapter serves the upstream contract in-process (docs/rackbeat.md).
                builder.Services.AddSingleton(sp => RackbeatLink.Client(sp, options.Rackbeat.ToOptions(profile.KioskId, profileCategories: profile.AdjustmentCategories), time));
            }
            else
            {
                builder.Services.AddSingleton(_ => new HttpClient(KioskRuntime.Sync.Http.UpstreamHandler.Create()) // never follows redirects
                {
                    Timeout = Timeout.InfiniteTimeSpan, // per-request timeouts are the sync engine's
                });
            }

            builder.Services.AddSingleton<ReplayEngine>();
            builder.Services.AddSingleton<CatalogSync>();
            builder.Services.AddSingleton(sp => new StockLookup(
                sp.GetRequiredService<KioskJournal>(), sp.GetRequiredService<HttpClient>(), upstream, time, sp.GetRequiredService<ILogger<StockLookup>>()));
            builder.Services.AddSingleton<IUpstreamLink, ReplayLink>();
        }
        else
        {
            builder.Services.AddSingleton<IUpstreamLink, NoUpstream>();
        }

        var screen = profile.Screen.Enabled && !options.ScreenDisabled;
        var recentLog = new RecentLog(time);
        if (screen)
        {
            builder.Logging.AddProvider(recentLog);
        }

        builder.Services.AddSingleton(sp => new ScreenEvents(time));
        builder.Services.AddSingleton(sp => new SalePipeline(
            sp.GetRequiredService<KioskJournal>(),
            profile,
            sp.GetRequiredService<DeviceSupervisor>(),
            sp.GetRequiredService<ReceiptComposer>(),
            sp.GetRequiredService<IUpstreamLink>(),
            sp.GetRequiredService<KioskState>(),
            sp.GetRequiredService<LoopRegistry>(),
            options,
            faults,
            time,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<ScreenEvents>()));
        builder.Services.AddSingleton(sp => new KioskStatus(
            inForce,
            sp.GetRequiredService<KioskJournal>(),
            sp.GetRequiredService<DeviceSupervisor>(),
            sp.GetRequiredService<KioskState>(),
            sp.GetRequiredService<SalePipeline>,
            sp.GetService<ReplayEngine>(),
            options.Rackbeat.Enabled ? options.Rackbeat.Url : options.Upstream));
        builder.Services.AddSingleton(sp => new ControlCommands(
            sp.GetRequiredService<KioskJournal>(),
            profile,
            sp.GetRequiredService<SalePipeline>(),
            sp.GetRequiredService<KioskStatus>(),
            sp.GetService<ReplayEngine>(),
            sp.GetService<StockLookup>(),
            faults,
            new Fiscal.SaftExports(sp.GetRequiredService<KioskJournal>(), profile, dataDir, time),
            sp.GetRequiredService<TechnicianCommands>()));

        // Hosted services start in this order; READY=1 follows when all have started.
        builder.Services.AddHostedService<StartupGate>();
        builder.Services.AddHostedService<Fiscal.ApplicationEvents>(); // 13001 before the pipeline starts, 13002 after it stopped
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeviceSupervisor>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SalePipeline>());
        if (upstream is not null)
        {
            builder.Services.AddHostedService<UpstreamLoops>();
        }

        builder.Services.AddHostedService(sp => new ControlServer(DataDirectory.SocketPath(dataDir), sp.GetRequiredService<ControlCommands>(), ControlAccess.ForThisProcess(profile.Access.OperatorsGroup), sp.GetRequiredService<ILogger<ControlServer>>()));
        if (screen)
        {
            // After the control socket and before READY=1: the screen can connect as soon as systemd says the unit is active.
            builder.Services.AddHostedService(sp =>
            {
                var pipeline = sp.GetRequiredService<SalePipeline>();
                var state = new ScreenStateSource(sp.GetRequiredService<KioskStatus>(), pipeline);
                var parts = new LocalApiParts(pipeline, sp.GetRequiredService<KioskStatus>(), state, new ProductSearch(sp.GetRequiredService<KioskJournal>()),
                    sp.GetRequiredService<KioskJournal>(), sp.GetRequiredService<ReceiptComposer>(), recentLog);
                return new LocalApiServer(profile.Screen, options.ScreenPort, dataDir, parts, new ScreenStatePump(state, pipeline.Screen, time), sp.GetRequiredService<ILogger<LocalApiServer>>());
            });
        }

        builder.Services.AddHostedService<SystemdSupervision>();
        return builder.Build();
    }
}

/// <summary>Forwards scanner input to the pipeline, which is built after the devices (they need each other).</summary>
internal sealed class DeferredScanSink(IServiceProvider services) : IScanSink
{
    private SalePipeline Pipeline => services.GetRequiredService<SalePipeline>();

    /// <summary>A self-test waiting for the technician's scan takes it; every other scan goes to the sale pipeline.</summary>
    public ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken) =>
        services.GetRequiredService<SelfTest>().TryTakeScan(code) ? ValueTask.CompletedTask : Pipeline.OnScannedAsync(code, cancellationToken);

    public ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken) => Pipeline.OnRejectedAsync(rejected, cancellationToken);
}

/// <summary>Opens the journal first and tracks the service state through the host's lifetime.</summary>
internal sealed class StartupGate(KioskJournal journal, KioskState state, IHostApplicationLifetime lifetime, ISystemdNotifier notifier, ILogger<StartupGate> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Journal open: last seq {Seq}, {Health}", journal.LastSeq, journal.Health.CanWrite ? "writable" : $"NOT writable: {journal.Health.Reason}");
        journal.HealthChanged += h =>
        {
            if (h.CanWrite)
            {
                logger.LogWarning("Journal writable again; selling resumes");
            }
            else
            {
                logger.LogCritical("Journal cannot write: {Reason}. The kiosk stops selling (fail closed).", h.Reason);
            }
        };
        lifetime.ApplicationStarted.Register(() => state.Set("ready"));
        lifetime.ApplicationStopping.Register(() =>
        {
            // Said at once on SIGTERM, not at the next status tick: a stop right after start must still say it.
            state.Set("stopping");
            logger.LogInformation("kioskd stopping: finishing the event in flight, then closing the journal");
            if (notifier.IsEnabled)
            {
                notifier.Notify(new ServiceState("STATUS=stopping: finishing the event in flight, closing the journal"));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The replay engine as the pipeline sees it.</summary>
internal sealed class ReplayLink(ReplayEngine replay) : IUpstreamLink
{
    public bool Online => replay.Status.Online;

    public void Nudge() => replay.Nudge();
}

/// <summary>Runs the replay engine and the catalog pull for the life of the service.</summary>
internal sealed class UpstreamLoops(ReplayEngine replay, CatalogSync catalog, LoopRegistry loops) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        loops.Register("upstream-replay", () => replay.Progress.SinceLastBeat);
        return Task.WhenAll(replay.RunAsync(stoppingToken), catalog.RunAsync(stoppingToken));
    }
}
