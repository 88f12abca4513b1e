namespace KioskRuntime.Cli.Flashing;

/// <summary>
/// Step-by-step progress for a technician's terminal: <c>[3/8] probe …  ok  (detail)</c>. A spinner turns only when the output is a
/// terminal; colour only then and without <c>NO_COLOR</c> (https://no-color.org); the words ok / FAILED / skipped carry the meaning
/// either way. Silent in <c>--json</c> mode. One flash at a time; not thread-safe.
/// </summary>
internal sealed class StepPrinter(TextWriter output, bool interactive, bool colour, bool silent, int total)
{
    private static readonly string[] Spinner = ["|", "/", "-", "\\"];
    private int _index;

    public static StepPrinter For(TextWriter output, bool json, int total)
    {
        var tty = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var colour = tty && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && Environment.GetEnvironmentVariable("TERM") != "dumb";
        return new StepPrinter(output, tty, colour, json, total);
    }

    /// <summary>Runs one step, showing it while it runs and its verdict once it ends.</summary>
    public async Task<FlashStep> RunAsync(string name, Func<Task<(bool Ok, string Detail)>> step)
    {
        _index++;
        var head = $"[{_index}/{total}] {name,-10}";
        using var spin = new CancellationTokenSource();
        Task spinner = Task.CompletedTask;
        if (!silent && interactive)
        {
            spinner = SpinAsync(head, spin.Token);
        }

        (bool Ok, string Detail) result;
        try
        {
            result = await step().ConfigureAwait(false);
        }
        finally
        {
            await spin.CancelAsync().ConfigureAwait(false);
            await spinner.ConfigureAwait(false);
        }

        if (!silent)
        {
            var verdict = result.Ok ? Paint("ok", "32") : Paint("FAILED", "31");
            await output.WriteLineAsync($"{(interactive ? "\r" : "")}{head} {verdict}  {result.Detail}").ConfigureAwait(false);
        }

        return new FlashStep(name, result.Ok ? "ok" : "failed", result.Detail);
    }

    public async Task LineAsync(string text)
    {
        if (!silent)
        {
            await output.WriteLineAsync(text).ConfigureAwait(false);
        }
    }

    public string Paint(string text, string code) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;

    private async Task SpinAsync(string head, CancellationToken ct)
    {
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            await output.WriteAsync($"\r{head} {Spinner[i % Spinner.Length]}").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(120, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>One step of a flash and its verdict.</summary>
internal sealed record FlashStep(string Name, string Result, string Detail);

/// <summary>
/// What <c>kioskctl profile flash|rollback --json</c> prints: the result (in-force, rolled-back, refused, failed), the profile hashes,
/// the failed step, what to do next, and every step.
/// </summary>
internal sealed record FlashReport(
    string Action,
    string Result,
    string? ProfileHash,
    string? PreviousHash,
    string? FailedStep,
    string? Detail,
    string? NextAction,
    IReadOnlyList<FlashStep> Steps);
