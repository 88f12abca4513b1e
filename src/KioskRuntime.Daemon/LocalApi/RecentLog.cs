using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>The last log lines (information and up) for the technician page: a small ring, thread-safe, never blocking the logger.</summary>
internal sealed class RecentLog : ILoggerProvider
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly TimeProvider _time;

    public RecentLog(TimeProvider time) => _time = time;

    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    private sealed class Writer(RecentLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || category.StartsWith("Microsoft", StringComparison.Ordinal))
            {
                return;
            }

            var level = logLevel switch
            {
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            };
            log.Add($"{log._time.GetUtcNow():HH:mm:ss} {level} {category[(category.LastIndexOf('.') + 1)..]}: {formatter(state, exception)}");
        }
    }
}
