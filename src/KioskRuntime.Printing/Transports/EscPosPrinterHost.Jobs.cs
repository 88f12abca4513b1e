using KioskRuntime.Devices;

namespace KioskRuntime.Printing.Transports;

internal sealed partial class EscPosPrinterHost
{
    public async Task<PrintResult> PrintAsync(PrintJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await _io.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var link = _link;
            if (link is null)
            {
                return new PrintResult(PrintOutcome.NotPrinted, $"printer not connected ({_status.Detail})");
            }

            PrinterCondition before;
            try
            {
                before = await QueryAsync(link, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PrinterLinkException or IOException or System.Net.Sockets.SocketException)
            {
                DropLink($"connection lost: {e.Message}");
                return new PrintResult(PrintOutcome.NotPrinted, $"connection lost before the job was sent: {e.Message}");
            }

            if (!_statusless && before is not (PrinterCondition.Ready or PrinterCondition.PaperNearEnd))
            {
                return new PrintResult(PrintOutcome.NotPrinted, before == PrinterCondition.Unknown ? "printer did not answer the status query" : $"printer is {before}");
            }

            // From the first byte on the outcome must be known: no cancellation, only the write timeout.
            try
            {
                _status = new DeviceStatus(DeviceState.Busy, $"printing {job.JobId}", _time.GetUtcNow());
                await WritePacedAsync(link, job.Data).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PrinterLinkException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                DropLink($"connection lost while printing {job.JobId}: {e.Message}");
                return new PrintResult(PrintOutcome.Unknown, $"connection lost while sending the job: {e.Message}");
            }

            if (_statusless)
            {
                Publish(PrinterCondition.Unknown);
                return _options.TrustWritesWithoutStatus
                    ? new PrintResult(PrintOutcome.Printed, "all bytes written; printer has no status")
                    : new PrintResult(PrintOutcome.Unknown, "all bytes written; the printer cannot confirm");
            }

            return await AwaitFenceAsync(link, job).ConfigureAwait(false);
        }
        finally
        {
            _io.Release();
        }
    }

    private async Task WritePacedAsync(IPrinterLink link, ReadOnlyMemory<byte> data)
    {
        var chunk = _options.PacingChunkBytes;
        if (chunk <= 0 || data.Length <= chunk)
        {
            await link.WriteAsync(data, _options.WriteTimeout, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        for (var at = 0; at < data.Length; at += chunk)
        {
            Progress.Beat();
            await link.WriteAsync(data.Slice(at, Math.Min(chunk, data.Length - at)), _options.WriteTimeout, CancellationToken.None).ConfigureAwait(false);
            if (at + chunk < data.Length)
            {
                await Task.Delay(_options.PacingPause, _time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// GS r 1 (Star: ETB, counted in the status) is answered in buffer order, so its reply says every byte before it was
    /// processed. While waiting, DLE EOT (Star: ESC ACK SOH), answered in real time, tells whether the printer stopped: paper out or cover open mid-job means part of the receipt
    /// may be on paper: Unknown, never a silent reprint.
    /// </summary>
    private async Task<PrintResult> AwaitFenceAsync(IPrinterLink link, PrintJob job)
    {
        try
        {
            _tracker.ForgetPending();
            _tracker.ExpectFence();
            await link.WriteAsync(_tracker.Fence, _options.WriteTimeout, CancellationToken.None).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            var answered = _tracker.FencesAnswered;
            while (_time.GetElapsedTime(started) < _options.FenceTimeout)
            {
                Progress.Beat();
                if (!_tracker.QueryPending)
                {
                    _tracker.ExpectPaperQuery();
                    await link.WriteAsync(_tracker.PaperQuery, _options.WriteTimeout, CancellationToken.None).ConfigureAwait(false);
                }

                var read = await link.ReadAsync(_readBuffer, _options.StatusTimeout, CancellationToken.None).ConfigureAwait(false);
                _tracker.Feed(_readBuffer.AsSpan(0, read));
                if (_tracker.FencesAnswered > answered)
                {
                    Publish(_tracker.Condition);
                    return new PrintResult(PrintOutcome.Printed, null);
                }

                var condition = _tracker.Condition;
                if (condition is PrinterCondition.PaperOut or PrinterCondition.CoverOpen or PrinterCondition.CutterError or PrinterCondition.Offline
                    && _tracker.FencesAnswered == answered)
                {
                    Publish(condition);
                    return new PrintResult(PrintOutcome.Unknown, $"printer became {condition} during {job.JobId}; part of the receipt may be printed");
                }
            }

            return new PrintResult(PrintOutcome.Unknown, $"printer did not confirm {job.JobId} within {_options.FenceTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is PrinterLinkException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            DropLink($"connection lost after sending {job.JobId}: {e.Message}");
            return new PrintResult(PrintOutcome.Unknown, $"connection lost before the printer confirmed the job: {e.Message}");
        }
    }

    /// <summary>Drains stale input, sends the full status query (DLE EOT 1, 2, 4 or ESC ACK SOH) and waits for the replies. Caller holds the lock.</summary>
    private async Task<PrinterCondition> QueryAsync(IPrinterLink link, CancellationToken cancellationToken)
    {
        if (_statusless)
        {
            Publish(PrinterCondition.Unknown);
            return PrinterCondition.Unknown;
        }

        // Stale replies (late answers to an earlier query) must not be taken for this one.
        while (await link.ReadAsync(_readBuffer, TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        _tracker.ForgetPending();
        _tracker.ExpectFullQuery();
        await link.WriteAsync(_tracker.FullQuery, _options.WriteTimeout, cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        while (_tracker.QueryPending)
        {
            var left = _options.StatusTimeout - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            var read = await link.ReadAsync(_readBuffer, left, cancellationToken).ConfigureAwait(false);
            _tracker.Feed(_readBuffer.AsSpan(0, read));
        }

        if (_tracker.QueryPending)
        {
            // No (complete) answer: unknown, never offline; stale flags from earlier replies do not count.
            _tracker.Reset();
            Publish(PrinterCondition.Unknown);
            return PrinterCondition.Unknown;
        }

        Publish(_tracker.Condition);
        return _tracker.Condition;
    }
}
