using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync;

/// <summary>Delivery state (journal-backed) and the status snapshot.</summary>
public sealed partial class ReplayEngine
{
    private long _deliveredSeq;
    private string _deliveredHash = "";
    private int _deadLetterCount;
    private bool _online;
    private DateTimeOffset? _onlineSince;
    private DateTimeOffset? _offlineSince;
    private DateTimeOffset? _lastSuccess;
    private string? _lastError;
    private bool _forked;
    private string? _forkDetail;
    private (long Seq, DateTimeOffset OccurredAt)? _oldestPending;

    /// <summary>Every event up to here is stored upstream (accepted, duplicate or refused).</summary>
    internal long DeliveredSeq => Interlocked.Read(ref _deliveredSeq);

    private string DeliveredHash => Volatile.Read(ref _deliveredHash);

    private bool IsForked
    {
        get
        {
            lock (_statusLock)
            {
                return _forked;
            }
        }
    }

    public ReplayStatus Status
    {
        get
        {
            var delivered = DeliveredSeq;
            var pending = Math.Max(0, _journal.LastSeq - delivered);
            var now = _time.GetUtcNow();
            TimeSpan? oldestAge = null;
            if (pending > 0 && OldestPendingOccurredAt(delivered + 1) is { } occurredAt)
            {
                oldestAge = now - occurredAt < TimeSpan.Zero ? TimeSpan.Zero : now - occurredAt;
            }

            lock (_statusLock)
            {
                return new ReplayStatus(_online, _online ? _onlineSince : null, _online ? null : _offlineSince, pending, delivered, oldestAge,
                    _lastSuccess, _lastError, _deadLetterCount, _forked, _forkDetail);
            }
        }
    }

    /// <summary>Every dead-lettered event, lowest seq first.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters() =>
        _journal.ListState<DeadLetterDocument>(SyncCollections.DeadLetters)
            .OrderBy(d => d.Seq)
            .Select(d => new DeadLetter(d.Seq, Guid.TryParse(d.EventId, out var id) ? id : Guid.Empty, d.Type, d.Reason, d.At))
            .ToList();

    private void LoadState()
    {
        var cursor = _journal.GetState<DeliveryCursorDocument>(SyncCollections.Delivery, SyncCollections.CursorKey);
        _deliveredSeq = cursor?.DeliveredSeq ?? 0;
        _deliveredHash = cursor?.DeliveredHash ?? "";
        _deadLetterCount = _journal.ListState<DeadLetterDocument>(SyncCollections.DeadLetters).Count;
        _offlineSince = _time.GetUtcNow();
    }

    /// <summary>One durable transaction: the cursor moves (forward or back) and the new dead letters are stored.</summary>
    private async Task CommitDeliveryAsync(long seq, string hash, IReadOnlyList<DeadLetterDocument> deadLetters, CancellationToken ct)
    {
        var at = _time.GetUtcNow();
        var added = 0;
        await _journal.CommitAsync(new JournalWrite([], (state, _) =>
        {
            added = 0;
            state.Put(SyncCollections.Delivery, SyncCollections.CursorKey, new DeliveryCursorDocument { DeliveredSeq = seq, DeliveredHash = hash, UpdatedAt = at });
            foreach (var letter in deadLetters)
            {
                var key = SyncCollections.SeqKey(letter.Seq);
                if (state.Get<DeadLetterDocument>(SyncCollections.DeadLetters, key) is null)
                {
                    added++;
                }

                state.Put(SyncCollections.DeadLetters, key, letter);
            }
        }), ct).ConfigureAwait(false);
        Volatile.Write(ref _deliveredHash, hash);
        Interlocked.Exchange(ref _deliveredSeq, seq);
        if (added > 0)
        {
            Interlocked.Add(ref _deadLetterCount, added);
        }
    }

    private bool IsInvalidDeadLetter(long seq) =>
        _journal.GetState<DeadLetterDocument>(SyncCollections.DeadLetters, SyncCollections.SeqKey(seq)) is { Kind: "invalid" };

    private DateTimeOffset? OldestPendingOccurredAt(long seq)
    {
        lock (_statusLock)
        {
            if (_oldestPending is { } cached && cached.Seq == seq)
            {
                return cached.OccurredAt;
            }
        }

        if (_journal.GetEvent(seq) is not { } entry)
        {
            return null;
        }

        lock (_statusLock)
        {
            _oldestPending = (seq, entry.OccurredAt);
        }

        return entry.OccurredAt;
    }

    private void MarkOnline()
    {
        lock (_statusLock)
        {
            if (_online)
            {
                return;
            }

            _online = true;
            _onlineSince = _time.GetUtcNow();
        }

        _logger.LogInformation("Back office {Url} reachable: online", _options.BaseUrl);
    }

    private void RecordSuccess()
    {
        lock (_statusLock)
        {
            _lastSuccess = _time.GetUtcNow();
            _lastError = _forked ? _lastError : null;
        }
    }

    private void RecordError(string error, bool offline)
    {
        bool wentOffline;
        lock (_statusLock)
        {
            _lastError = error;
            wentOffline = offline && _online;
            if (offline && _online)
            {
                _online = false;
                _offlineSince = _time.GetUtcNow();
            }
        }

        if (wentOffline)
        {
            _logger.LogWarning("Back office unreachable, offline: {Error}. Events stay journaled and are sent when it answers", error);
        }
        else
        {
            _logger.LogDebug("Replay: {Error}", error);
        }
    }
}
