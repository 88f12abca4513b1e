namespace KioskRuntime.BackOffice.Storage;

/// <summary>Where an event is stored: its kiosk and <c>seq</c>.</summary>
internal readonly record struct EventLocation(string KioskId, long Seq);

/// <summary>One stored run of a kiosk's consecutive events: <see cref="FirstSeq"/> … <see cref="LastSeq"/>.</summary>
internal readonly record struct EventRunSpan(long FirstSeq, int Count)
{
    public long LastSeq => FirstSeq + Count - 1;
}

/// <summary>
/// The committed event runs, held in memory so that a push needs no per-event LiteDB lookup: per kiosk the runs in
/// <c>seq</c> order (to find the run holding a <c>seq</c>), and every accepted event id (ids are unique across kiosks).
/// Rebuilt from the <c>eventRunIndex</c> collection when the store opens; about 50 bytes per accepted event.
/// Only committed runs are added (after their transaction's commit returned). Thread safety: safe for concurrent use.
/// </summary>
internal sealed class EventIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KioskRuns> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, EventLocation> _acceptedIds = [];

    public int AcceptedIdCount
    {
        get
        {
            lock (_gate)
            {
                return _acceptedIds.Count;
            }
        }
    }

    /// <summary>Adds a committed run that follows the kiosk's previous one.</summary>
    /// <param name="acceptedIds">The run's accepted events: id and seq.</param>
    /// <exception cref="InvalidDataException">The run does not follow the kiosk's last run, or an id is already held.</exception>
    public void Add(string kioskId, EventRunSpan run, IEnumerable<(Guid Id, long Seq)> acceptedIds)
    {
        ArgumentNullException.ThrowIfNull(acceptedIds);
        lock (_gate)
        {
            if (!_runs.TryGetValue(kioskId, out var kiosk))
            {
                kiosk = new KioskRuns(kioskId);
                _runs.Add(kioskId, kiosk);
            }

            // One string per kiosk, shared by all its locations.
            kioskId = kiosk.KioskId;
            var runs = kiosk.Runs;
            if (runs.Count > 0 && runs[^1].LastSeq >= run.FirstSeq)
            {
                throw new InvalidDataException($"Kiosk {kioskId}: stored run {run.FirstSeq}..{run.LastSeq} overlaps run {runs[^1].FirstSeq}..{runs[^1].LastSeq}.");
            }

            runs.Add(run);
            foreach (var (id, seq) in acceptedIds)
            {
                if (!_acceptedIds.TryAdd(id, new EventLocation(kioskId, seq)))
                {
                    throw new InvalidDataException($"Event id {id} is stored as accepted twice (seq {seq} of kiosk {kioskId} and {_acceptedIds[id]}).");
                }
            }
        }
    }

    public bool TryLocate(Guid id, out EventLocation location)
    {
        lock (_gate)
        {
            return _acceptedIds.TryGetValue(id, out location);
        }
    }

    /// <summary>The run that holds <paramref name="seq"/> of the kiosk, if one does.</summary>
    public bool TryFindRun(string kioskId, long seq, out EventRunSpan run)
    {
        lock (_gate)
        {
            run = default;
            if (!_runs.TryGetValue(kioskId, out var kiosk))
            {
                return false;
            }

            var runs = kiosk.Runs;
            var i = IndexOfRunAtOrBefore(runs, seq);
            if (i < 0 || runs[i].LastSeq < seq)
            {
                return false;
            }

            run = runs[i];
            return true;
        }
    }

    /// <summary>The kiosk's runs that hold events from <paramref name="fromSeq"/> on, in order, until they hold at least <paramref name="events"/>.</summary>
    public IReadOnlyList<EventRunSpan> RunsFrom(string kioskId, long fromSeq, int events)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(kioskId, out var kiosk))
            {
                return [];
            }

            var runs = kiosk.Runs;
            var result = new List<EventRunSpan>();
            var i = Math.Max(IndexOfRunAtOrBefore(runs, fromSeq), 0);
            long held = 0;
            for (; i < runs.Count && held < events; i++)
            {
                if (runs[i].LastSeq < fromSeq)
                {
                    continue;
                }

                result.Add(runs[i]);
                held += runs[i].LastSeq - Math.Max(runs[i].FirstSeq, fromSeq) + 1;
            }

            return result;
        }
    }

    // The last run whose first seq is at or before seq; -1 when none is.
    private static int IndexOfRunAtOrBefore(List<EventRunSpan> runs, long seq)
    {
        int lo = 0, hi = runs.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (runs[mid].FirstSeq <= seq)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private sealed class KioskRuns(string kioskId)
    {
        public string KioskId { get; } = kioskId;

        public List<EventRunSpan> Runs { get; } = [];
    }
}
