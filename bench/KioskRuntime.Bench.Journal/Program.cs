using System.Globalization;
using KioskRuntime.Bench.Journal;

// dotnet run -c Release --project bench/KioskRuntime.Bench.Journal -- [--dir DIR] [--seconds N] [--rounds N] [--only STORE]
// (--only runs one store, for profiling it: perf, strace)
// dotnet <dll> fault-child DIR COUNT [SHIM.so]   (used by the journal tests with the tests/native/faultfs.c fault shim)
if (args.Length > 0 && args[0] == "fault-child")
{
    return await FaultChild.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? args[3] : null).ConfigureAwait(false);
}

// dotnet <dll> fiscal [DIR]   (issue 15: signed vs unsigned commits, SAF-T export of a month vs a year)
if (args.Length > 0 && args[0] == "fiscal")
{
    return await FiscalBench.RunAsync(args.Length > 1 ? args[1] : Path.Combine(Environment.CurrentDirectory, "bench-fiscal-data"), TimeSpan.FromSeconds(3), 3).ConfigureAwait(false);
}

var dir = Path.Combine(Environment.CurrentDirectory, "bench-journal-data");
var seconds = 4.0;
var rounds = 3;
string? only = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--dir":
            dir = args[++i];
            break;
        case "--seconds":
            seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--rounds":
            rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--only":
            only = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--dir DIR] [--seconds N] [--rounds N] [--only raw|raw-append|raw-commit|single|group|sqlite|plain]");
            return 2;
    }
}

return await JournalBench.RunAsync(dir, TimeSpan.FromSeconds(seconds), rounds, only).ConfigureAwait(false);
