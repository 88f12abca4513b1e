using System.Globalization;
using System.Net;
using KioskRuntime.Journal;
using KioskRuntime.Sync.Contract;
using KioskRuntime.Sync.Http;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync;

/// <summary>One attempt: align with the back office's cursor once per session, then push batches in seq order until drained.</summary>
public sealed partial class ReplayEngine
{
    /// <summary>Up to this many events stored upstream without the kiosk hearing the answer are pushed again to learn their outcome.</summary>
    private const long MaxReplayToLearn = 5_000;

    /// <summary>Under the gate: the only place that talks to the back office's push and cursor endpoints.</summary>
    private async Task<Outcome> AttemptAsync(CancellationToken ct)
    {
        if (IsForked)
        {
            return Outcome.ForkedOutcome;
        }

        if (!_aligned)
        {
            var aligned = await AlignAsync(ct).ConfigureAwait(false);
            if (aligned is not null)
            {
                return aligned;
            }

            _aligned = true;
        }

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (DeliveredSeq >= _journal.LastSeq)
            {
                return Outcome.DrainedOutcome;
            }

            var pushed = await PushBatchAsync(ct).ConfigureAwait(false);
            if (pushed is not null)
            {
                if (pushed is Outcome.Retry)
                {
                    _aligned = false; // the next session starts with the cursor again
                }

                return pushed;
            }
        }
    }

    /// <summary>GET cursor: mark what the back office holds as delivered, or detect a fork. Null when aligned.</summary>
    private async Task<Outcome?> AlignAsync(CancellationToken ct)
    {
        var reply = await _http.GetAsync(_options.CursorUri, null, _options.RequestTimeout, ct).ConfigureAwait(false);
        if (reply is not UpstreamReply.Answered { Status: HttpStatusCode.OK } ok)
        {
            return Failed("cursor", reply);
        }

        if (!ContractAnswers.TryReadCursor(ok.Body, out var cursor, out var error))
        {
            return ProtocolError($"cursor answer: {error}");
        }

        MarkOnline();
        var ourLast = _journal.LastSeq;
        if (cursor.LastSeq > ourLast)
        {
            return Fork(Invariant(
                $"the back office holds seq 1-{cursor.LastSeq} for kiosk {_options.KioskId}, but this journal ends at seq {ourLast}: the journal was restored from an old copy, or another kiosk uses the id {_options.KioskId}"));
        }

        var ourHash = HashAt(cursor.LastSeq);
        if (ourHash is null)
        {
            return Fork(Invariant($"the back office's cursor is at seq {cursor.LastSeq}, which this journal no longer holds; the histories cannot be compared"));
        }

        if (!string.Equals(ourHash, cursor.LastHash, StringComparison.OrdinalIgnoreCase))
        {
            return Fork(Invariant(
                $"at seq {cursor.LastSeq} the back office holds hash {Short(cursor.LastHash)} but this journal has {Short(ourHash)}: a different history (restored journal or shared kiosk id)"));
        }

        if (cursor.LastSeq < DeliveredSeq)
        {
            _logger.LogWarning("The back office's cursor is at seq {Upstream}, behind the {Delivered} this kiosk had confirmed: resending from {From}",
                cursor.LastSeq, DeliveredSeq, cursor.LastSeq + 1);
            await CommitDeliveryAsync(cursor.LastSeq, ourHash, [], ct).ConfigureAwait(false);
        }
        else if (cursor.LastSeq - DeliveredSeq > MaxReplayToLearn)
        {
            // Stored upstream, answers lost. Normally those few are pushed again (answered "duplicate", with the reason of any
            // refusal, so dead letters are not missed); a range this large is only marked delivered.
            _logger.LogWarning("The back office already holds seq {From}-{To}: marked delivered without resending; refusals in that range are not known here",
                DeliveredSeq + 1, cursor.LastSeq);
            await CommitDeliveryAsync(cursor.LastSeq, ourHash, [], ct).ConfigureAwait(false);
        }
        else if (cursor.LastSeq > DeliveredSeq)
        {
            _logger.LogInformation("The back office already holds seq {From}-{To} (answers lost on the way): resending them to learn their outcome",
                DeliveredSeq + 1, cursor.LastSeq);
        }

        return null;
    }

    /// <summary>Pushes one batch from the cursor. Null when it made progress (push the next one now).</summary>
    private async Task<Outcome?> PushBatchAsync(CancellationToken ct)
    {
        var from = DeliveredSeq + 1;
        var batch = ReadBatch(from, _batchSize);
        if (batch.Count == 0)
        {
            return Outcome.DrainedOutcome;
        }

        var body = _writer.Write(batch);
        foreach (var problem in _writer.Problems)
        {
            _logger.LogCritical("Journal entry seq {Seq} has a payload that is not one JSON value (a defect: {Reason}); sent as a string so the back office can refuse it",
                problem.Seq, problem.Reason);
        }

        var started = _time.GetTimestamp();
        var reply = await _http.PostJsonAsync(_options.EventsUri, body, _options.RequestTimeout, ct).ConfigureAwait(false);
        var took = _time.GetElapsedTime(started);
        if (reply is UpstreamReply.Unreachable)
        {
            ShrinkBatch();
            return Failed("push", reply);
        }

        var answered = (UpstreamReply.Answered)reply;
        switch (answered.Code)
        {
            case 200:
                return await OnAcceptedAsync(batch, answered.Body, took, ct).ConfigureAwait(false);
            case 409:
                return await OnConflictAsync(batch, ContractAnswers.ReadError(answered.Body), ct).ConfigureAwait(false);
            case 400:
                return await OnInvalidAsync(batch, ContractAnswers.ReadError(answered.Body), ct).ConfigureAwait(false);
            case 413:
                ShrinkBatch();
                return ProtocolError(Invariant($"push of {batch.Count} events: 413 payload too large; batch size now {_batchSize}"));
            default:
                if (answered.Code >= 500 || answered.Code == 408)
                {
                    ShrinkBatch();
                }

                return Failed("push", reply);
        }
    }

    private async Task<Outcome?> OnAcceptedAsync(List<JournalEntry> batch, byte[] body, TimeSpan took, CancellationToken ct)
    {
        MarkOnline();
        if (!ContractAnswers.TryReadPush(body, out var answer, out var error))
        {
            return ProtocolError($"push answer: {error}");
        }

        // The results cover a prefix of the batch, in order. Anything else is trusted only as far as it is a prefix.
        var covered = 0;
        while (covered < answer.Results.Count && covered < batch.Count && answer.Results[covered].Seq == batch[covered].Seq)
        {
            covered++;
        }

        if (covered < answer.Results.Count)
        {
            var bad = answer.Results[covered];
            _logger.LogError("The back office's results are not a prefix of the batch: result {Index} is seq {Seq}, expected {Expected}",
                covered, bad.Seq, covered < batch.Count ? batch[covered].Seq : -1);
        }

        if (covered == 0)
        {
            return ProtocolError(Invariant($"push of seq {batch[0].Seq}-{batch[^1].Seq}: the back office answered 200 but processed none of them"));
        }

        var deadLetters = new List<DeadLetterDocument>();
        for (var i = 0; i < covered; i++)
        {
            var result = answer.Results[i];
            // A duplicate with a reason is an event refused earlier whose answer was lost (timeout, reset, commit-then-drop):
            // the refusal is what the back office stored, so it is dead-lettered just the same.
            if (result.Status == PushResult.Rejected || (result.Status == PushResult.Duplicate && !string.IsNullOrWhiteSpace(result.Reason)))
            {
                var entry = batch[i];
                var reason = string.IsNullOrWhiteSpace(result.Reason) ? "rejected (no reason given)" : result.Reason;
                _logger.LogWarning("The back office rejected seq {Seq} ({Type}, id {Id}): {Reason}. Dead-lettered; it is not sent again unless an operator asks",
                    entry.Seq, entry.Type, entry.Id, reason);
                deadLetters.Add(NewDeadLetter(entry, reason, "rejected"));
            }
        }

        var last = batch[covered - 1];
        await CommitDeliveryAsync(last.Seq, last.Hash, deadLetters, ct).ConfigureAwait(false);
        RecordSuccess();
        if (covered == batch.Count && took < SlowBatch)
        {
            GrowBatch();
        }
        else if (took >= SlowBatch)
        {
            ShrinkBatch();
        }

        return covered == batch.Count || answer.Results.Count == covered ? null
            : ProtocolError(Invariant($"push answer results are not a prefix of the batch after seq {last.Seq}"));
    }

    private async Task<Outcome?> OnConflictAsync(List<JournalEntry> batch, ErrorAnswer error, CancellationToken ct)
    {
        MarkOnline();
        var from = batch[0].Seq;
        switch (error.Error)
        {
            case "fork":
                return Fork(Invariant(
                    $"the back office holds another event (other id or hash) under seq {error.Seq?.ToString(CultureInfo.InvariantCulture) ?? "?"}: the journal was restored from an old copy, or another kiosk uses the id {_options.KioskId}"));
            case "seq-gap" when error.ExpectedSeq is { } expected && expected >= 1 && expected < from:
                if (IsInvalidDeadLetter(expected))
                {
                    return ProtocolError(Invariant(
                        $"the back office asks for seq {expected} again, which it answered as invalid; it did not store the refusal, so delivery cannot pass it"));
                }

                _logger.LogWarning("Seq gap: the back office expects seq {Expected}, this kiosk was at {From}: resending from {Expected}", expected, from, expected);
                var hash = HashAt(expected - 1) ?? throw new InvalidOperationException(Invariant($"journal has no entry {expected - 1}"));
                await CommitDeliveryAsync(expected - 1, hash, [], ct).ConfigureAwait(false);
                return null;
            case "seq-gap":
                // The back office expects a later seq than we send: it holds more than we knew. The cursor tells how much.
                _aligned = false;
                return ProtocolError(Invariant(
                    $"seq gap: the back office expects seq {error.ExpectedSeq?.ToString(CultureInfo.InvariantCulture) ?? "?"} but the batch starts at {from}; realigning with its cursor"));
            default:
                return ProtocolError(Invariant($"push of seq {from}: 409 {error.Error} {error.Reason}"));
        }
    }

    private async Task<Outcome?> OnInvalidAsync(List<JournalEntry> batch, ErrorAnswer error, CancellationToken ct)
    {
        MarkOnline();
        var from = batch[0].Seq;
        if (error.Seq is not { } seq || seq < from || seq > batch[^1].Seq)
        {
            // The batch as a whole was refused: a defect in this writer. Isolate it with single-event batches.
            _batchSize = 1;
            return ProtocolError(Invariant($"push of seq {from}-{batch[^1].Seq} refused as invalid without naming an event: {error.Reason}"));
        }

        if (seq > from)
        {
            // Events before it may not have been processed; send them on their own, then the invalid one leads and is answered alone.
            _batchSize = (int)(seq - from);
            return null;
        }

        var entry = batch[0];
        var reason = "invalid: " + (string.IsNullOrWhiteSpace(error.Reason) ? "malformed (no reason given)" : error.Reason);
        _logger.LogError("DEFECT: the back office refused seq {Seq} ({Type}, id {Id}) as malformed: {Reason}. Dead-lettered; the rest is sent again",
            entry.Seq, entry.Type, entry.Id, error.Reason);
        await CommitDeliveryAsync(entry.Seq, entry.Hash, [NewDeadLetter(entry, reason, "invalid")], ct).ConfigureAwait(false);
        RecordSuccess();
        return null;
    }

    private List<JournalEntry> ReadBatch(long from, int size)
    {
        var batch = new List<JournalEntry>(size);
        foreach (var entry in _journal.ReadEvents(from, size))
        {
            var expected = from + batch.Count;
            if (entry.Seq != expected)
            {
                throw new InvalidDataException(Invariant($"journal read from seq {from} returned seq {entry.Seq} where {expected} was expected"));
            }

            batch.Add(entry);
            if (batch.Count == size)
            {
                break;
            }
        }

        return batch;
    }

    /// <summary>The journal's hash at <paramref name="seq"/> ("" for 0), or null if the journal does not hold it.</summary>
    private string? HashAt(long seq)
    {
        if (seq == 0)
        {
            return "";
        }

        if (seq == DeliveredSeq)
        {
            return DeliveredHash;
        }

        return _journal.GetEvent(seq)?.Hash;
    }

    private DeadLetterDocument NewDeadLetter(JournalEntry entry, string reason, string kind) => new()
    {
        Seq = entry.Seq,
        EventId = entry.Id.ToString("D", CultureInfo.InvariantCulture),
        Type = entry.Type,
        Reason = reason,
        Kind = kind,
        At = _time.GetUtcNow(),
    };

    private void GrowBatch() => _batchSize = Math.Min(_options.MaxBatch, _batchSize * 2);

    private void ShrinkBatch() => _batchSize = Math.Max(1, _batchSize / 2);

    /// <summary>A failed request: offline unless the back office merely asked to slow down.</summary>
    private Outcome Failed(string what, UpstreamReply reply)
    {
        switch (reply)
        {
            case UpstreamReply.Unreachable u:
                RecordError(u.Reason, offline: true);
                return new Outcome.Retry(null, Slow: false);
            case UpstreamReply.Answered { Code: 401 or 403 } a:
                RecordError(Invariant($"{what}: the back office refused the credentials ({a.Code}); check the token. Retrying slowly"), offline: true);
                _logger.LogError("The back office refused this kiosk's credentials ({Status}) on {What}; everything stays journaled", a.Code, what);
                return new Outcome.Retry(null, Slow: true);
            case UpstreamReply.Answered { Code: 429 or 503 } a:
                RecordError(Invariant($"{what}: the back office asks to retry later ({a.Code}{(a.RetryAfter is { } r ? $", Retry-After {r.TotalSeconds:0.#} s" : "")})"), offline: false);
                return new Outcome.Retry(a.RetryAfter, Slow: false);
            case UpstreamReply.Answered a:
                var detail = ContractAnswers.ReadError(a.Body);
                RecordError(Invariant($"{what}: {a.Code} {detail.Error} {detail.Reason}").TrimEnd(), offline: a.Code >= 500);
                return new Outcome.Retry(null, Slow: false);
            default:
                throw new InvalidOperationException("Unknown reply kind.");
        }
    }

    private Outcome ProtocolError(string message)
    {
        _logger.LogError("Upstream protocol problem: {Message}", message);
        RecordError(message, offline: false);
        return new Outcome.Retry(null, Slow: false);
    }

    private Outcome Fork(string detail)
    {
        lock (_statusLock)
        {
            _forked = true;
            _forkDetail = detail;
            _lastError = "FORK: " + detail;
        }

        _logger.LogCritical("UPSTREAM FORK: {Detail}. Pushing has stopped and nothing upstream is overwritten; a technician must resolve this", detail);
        return Outcome.ForkedOutcome;
    }

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash.Length == 0 ? "(none)" : hash;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
