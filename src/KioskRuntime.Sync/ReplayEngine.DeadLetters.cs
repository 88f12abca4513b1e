using System.Globalization;
using KioskRuntime.Journal;
using KioskRuntime.Sync.Contract;
using KioskRuntime.Sync.Http;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync;

/// <summary>Operator resubmission of a dead-lettered event.</summary>
public sealed partial class ReplayEngine
{
    /// <summary>
    /// Sends dead-lettered event <paramref name="seq"/> again, alone. If the back office now holds it as stored
    /// (<c>accepted</c>, or <c>duplicate</c> with no refusal reason) the dead letter is cleared; otherwise it stays, its reason updated.
    /// </summary>
    /// <exception cref="DeadLetterRetryException">Not dead-lettered, no longer journaled, still refused, or the back office did not answer.</exception>
    public async Task RetryDeadLetterAsync(long seq, CancellationToken ct)
    {
        var key = SyncCollections.SeqKey(seq);
        var letter = _journal.GetState<DeadLetterDocument>(SyncCollections.DeadLetters, key)
                     ?? throw new DeadLetterRetryException(seq, "it is not dead-lettered (see `kioskctl sync dead-letters`)");
        var entry = _journal.GetEvent(seq)
                    ?? throw new DeadLetterRetryException(seq, "the journal no longer holds this event");
        if (IsForked)
        {
            throw new DeadLetterRetryException(seq, "pushing is stopped: the back office holds another history (fork)");
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        string refusal;
        try
        {
            var writer = new EventBatchWriter();
            var body = writer.Write([entry]);
            foreach (var problem in writer.Problems)
            {
                _logger.LogCritical("Dead letter seq {Seq} has a payload that is not one JSON value (a defect: {Reason}); resent as a string", problem.Seq, problem.Reason);
            }

            var reply = await _http.PostJsonAsync(_options.EventsUri, body, _options.RequestTimeout, ct).ConfigureAwait(false);
            switch (reply)
            {
                case UpstreamReply.Answered { Code: 200 } ok when ContractAnswers.TryReadPush(ok.Body, out var answer, out _)
                                                               && answer.Results.Count == 1 && answer.Results[0].Seq == seq:
                    var result = answer.Results[0];
                    if (result.Status == PushResult.Accepted || (result.Status == PushResult.Duplicate && string.IsNullOrWhiteSpace(result.Reason)))
                    {
                        await _journal.CommitAsync(new JournalWrite([], (state, _) => state.Delete(SyncCollections.DeadLetters, key)), ct).ConfigureAwait(false);
                        Interlocked.Decrement(ref _deadLetterCount);
                        _logger.LogInformation("Dead letter seq {Seq} resubmitted by an operator: the back office now holds it ({Status})", seq, result.Status);
                        return;
                    }

                    refusal = result.Reason ?? result.Status;
                    break;
                case UpstreamReply.Answered { Code: 400 } invalid:
                    refusal = "invalid: " + ContractAnswers.ReadError(invalid.Body).Reason;
                    break;
                case UpstreamReply.Answered other:
                    var error = ContractAnswers.ReadError(other.Body);
                    throw new DeadLetterRetryException(seq, string.Create(CultureInfo.InvariantCulture, $"the back office answered {other.Code} {error.Error} {error.Reason}").TrimEnd());
                case UpstreamReply.Unreachable unreachable:
                    throw new DeadLetterRetryException(seq, "the back office did not answer: " + unreachable.Reason);
                default:
                    throw new InvalidOperationException("Unknown reply kind.");
            }
        }
        finally
        {
            _gate.Release();
        }

        var at = _time.GetUtcNow();
        await _journal.CommitAsync(new JournalWrite([], (state, _) =>
        {
            var current = state.Get<DeadLetterDocument>(SyncCollections.DeadLetters, key) ?? letter;
            current.Reason = refusal;
            current.At = at;
            current.Resubmissions++;
            state.Put(SyncCollections.DeadLetters, key, current);
        }), ct).ConfigureAwait(false);
        _logger.LogWarning("Dead letter seq {Seq} resubmitted by an operator and refused again: {Reason}", seq, refusal);
        throw new DeadLetterRetryException(seq, "the back office still refuses it: " + refusal);
    }
}

/// <summary>A dead letter could not be resubmitted; the message says why.</summary>
public sealed class DeadLetterRetryException : Exception
{
    public DeadLetterRetryException(long seq, string reason)
        : base(string.Create(CultureInfo.InvariantCulture, $"Cannot resubmit seq {seq}: {reason}."))
    {
        Seq = seq;
        Reason = reason;
    }

    public long Seq { get; }

    public string Reason { get; }
}
