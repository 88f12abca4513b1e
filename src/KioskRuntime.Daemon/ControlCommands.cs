using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Contract;
using KioskRuntime.Control;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using KioskRuntime.Sync;

namespace KioskRuntime.Daemon;

/// <summary>The commands the control socket serves. Each yields stream items (if any) and exactly one final answer.</summary>
internal sealed partial class ControlCommands(
    KioskJournal journal,
    HardwareProfile profile,
    SalePipeline pipeline,
    KioskStatus status,
    ReplayEngine? replay,
    StockLookup? stock,
    IKioskFaults faults,
    Fiscal.SaftExports saft,
    TechnicianCommands technician)
{
    public async IAsyncEnumerable<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, [EnumeratorCancellation] CancellationToken ct)
    {
        var args = request.Args ?? [];
        switch (request.Command)
        {
            case "status":
                yield return ControlResponse.Success(Node(status.Snapshot()));
                break;
            case "devices":
                yield return ControlResponse.Success(Node(status.Devices()));
                break;
            case "scan":
                if (Text(args, "code") is not { Length: > 0 } code)
                {
                    yield return ControlResponse.Failure("scan needs a code", ControlErrorKind.Usage);
                    break;
                }

                var scan = await pipeline.ScanAsync(code, Text(args, "aim"), ct).ConfigureAwait(false);
                yield return scan.Accepted ? ControlResponse.Success(Node(scan)) : new ControlResponse(false, Node(scan), scan.Message, ControlErrorKind.Refused);
                break;
            case "checkout":
                var checkout = await pipeline.CheckoutAsync(ct).ConfigureAwait(false);
                yield return checkout.Succeeded ? ControlResponse.Success(Node(checkout)) : new ControlResponse(false, Node(checkout), checkout.Message, ControlErrorKind.Refused);
                break;
            case "cancel":
                yield return ControlResponse.Success(Node(await pipeline.CancelAsync(ct).ConfigureAwait(false)));
                break;
            case "receipt.reprint":
                if (Number(args, "receiptNo") is not { } receiptNo)
                {
                    yield return ControlResponse.Failure("receipt.reprint needs receiptNo", ControlErrorKind.Usage);
                    break;
                }

                var reprint = await pipeline.ReprintAsync(receiptNo, ct).ConfigureAwait(false);
                yield return reprint.Succeeded ? ControlResponse.Success(Node(reprint)) : new ControlResponse(false, Node(reprint), reprint.Message, ControlErrorKind.Refused);
                break;
            case "journal.verify":
                var verification = journal.Verify();
                yield return ControlResponse.Success(Node(verification));
                break;
            case "journal.export":
                var exportProblems = new List<PayloadProblem>();
                foreach (var entry in journal.ReadEvents(Number(args, "fromSeq") ?? 1))
                {
                    var line = ContractEventWriter.ToJson(entry.ToContractEvent(), out var problem);
                    if (problem is not null)
                    {
                        exportProblems.Add(problem);
                    }

                    yield return ControlResponse.StreamItem(JsonNode.Parse(line)!);
                }

                yield return exportProblems.Count == 0
                    ? ControlResponse.Success(null)
                    : new ControlResponse(false, null, string.Join("; ", exportProblems), ControlErrorKind.Refused);
                break;
            case "journal.recover":
                yield return HandleRecover(args);
                break;
            case "sync.now":
                if (replay is null)
                {
                    yield return ControlResponse.Failure("no upstream is configured (--upstream)");
                    break;
                }

                var after = await replay.SyncNowAsync(ct).ConfigureAwait(false);
                yield return new ControlResponse(after.LastError is null && !after.Forked, Node(after), after.LastError, ControlErrorKind.Refused);
                break;
            case "sync.dead-letters":
                yield return ControlResponse.Success(Node(replay?.DeadLetters() ?? []));
                break;
            case "sync.retry":
                if (replay is null || Number(args, "seq") is not { } seq)
                {
                    yield return ControlResponse.Failure(replay is null ? "no upstream is configured" : "sync.retry needs seq", replay is null ? ControlErrorKind.Refused : ControlErrorKind.Usage);
                    break;
                }

                yield return await RetryAsync(replay, seq, ct).ConfigureAwait(false);
                break;
            case "stock":
                if (stock is null || Text(args, "gtin") is not { Length: > 0 } gtin)
                {
                    yield return ControlResponse.Failure(stock is null ? "stock lookups need the catalog" : "stock needs a gtin", stock is null ? ControlErrorKind.Refused : ControlErrorKind.Usage);
                    break;
                }

                yield return await StockAsync(stock, gtin, ct).ConfigureAwait(false);
                break;
            case "stock.adjust":
                if (Text(args, "gtin") is not { Length: > 0 } adjustGtin || Decimal(args, "delta") is not { } delta
                    || Text(args, "reason") is not { Length: > 0 } adjustReason || Text(args, "staffId") is not { Length: > 0 } staffId)
                {
                    yield return ControlResponse.Failure("stock.adjust needs gtin, delta, reason and staffId", ControlErrorKind.Usage);
                    break;
                }

                var adjusted = await pipeline.AdjustStockAsync(adjustGtin, delta, adjustReason, staffId, ct).ConfigureAwait(false);
                yield return adjusted.Succeeded ? ControlResponse.Success(Node(adjusted)) : new ControlResponse(false, Node(adjusted), adjusted.Message, ControlErrorKind.Refused);
                break;
            case "door.unlock":
                if (Text(args, "reason") is not { Length: > 0 } why)
                {
                    yield return ControlResponse.Failure("door.unlock needs a reason", ControlErrorKind.Usage);
                    break;
                }

                TimeSpan? hold = Number(args, "seconds") is { } s and > 0 ? TimeSpan.FromSeconds(s) : null;
                var by = request.SudoUser is { Length: > 0 } sudoUser
                    ? $"kioskctl uid {peer.Uid} (sudo user {(sudoUser.Length <= 32 ? sudoUser : sudoUser[..32])}, claimed)"
                    : $"kioskctl uid {peer.Uid}";
                var unlocked = await pipeline.UnlockDoorAsync(by, why, hold, ct).ConfigureAwait(false);
                yield return unlocked.Succeeded ? ControlResponse.Success(Node(unlocked)) : new ControlResponse(false, Node(unlocked), unlocked.Message, ControlErrorKind.Refused);
                break;
            case "debug.stall":
                if (!peer.IsRoot && !faults.AnyoneMayStall)
                {
                    yield return ControlResponse.Failure("debug.stall is for root only");
                    break;
                }

                var seconds = Number(args, "seconds") ?? 3600;
                await pipeline.StallAsync(TimeSpan.FromSeconds(seconds), ct).ConfigureAwait(false);
                yield return ControlResponse.Success(JsonValue.Create($"sale pipeline stalled for {seconds} s"));
                break;
            case "saft.export":
                await foreach (var answer in SaftExportAsync(args, ct).ConfigureAwait(false))
                {
                    yield return answer;
                }

                break;
            case "saft.keys":
                yield return ControlResponse.Success(Node(saft.Keys()));
                break;
            case "profile":
                yield return ControlResponse.Success(JsonValue.Create(profile.SourceFile));
                break;
            case var name when TechnicianCommands.Names.Contains(name):
                yield return await technician.HandleAsync(name, args, peer, ct).ConfigureAwait(false);
                break;
            default:
                yield return ControlResponse.Failure($"unknown command '{request.Command}'", ControlErrorKind.Usage);
                break;
        }

    }

    private static async Task<ControlResponse> RetryAsync(ReplayEngine replay, long seq, CancellationToken ct)
    {
        try
        {
            await replay.RetryDeadLetterAsync(seq, ct).ConfigureAwait(false);
            return ControlResponse.Success(Node(replay.Status));
        }
        catch (DeadLetterRetryException e)
        {
            return ControlResponse.Failure(e.Message);
        }
    }

    private static async Task<ControlResponse> StockAsync(StockLookup stock, string gtin, CancellationToken ct)
    {
        try
        {
            return ControlResponse.Success(Node(await stock.GetAsync(gtin, ct).ConfigureAwait(false)));
        }
        catch (ArgumentException e)
        {
            return ControlResponse.Failure(e.Message, ControlErrorKind.Usage);
        }
        catch (UnknownProductException e)
        {
            return ControlResponse.Failure(e.Message);
        }
    }

    private ControlResponse HandleRecover(JsonObject args)
    {
        if (journal.PendingRecovery is not { } report)
        {
            return ControlResponse.Success(JsonValue.Create("the journal has no pending recovery"));
        }

        if (args["accept"]?.GetValue<bool>() != true)
        {
            return new ControlResponse(false, Node(report), "a recovery report is waiting; run with --accept after reading it", ControlErrorKind.Refused);
        }

        journal.AcceptRecovery();
        return ControlResponse.Success(Node(report));
    }

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, ControlProtocol.Json);

    private static string? Text(JsonObject args, string name) => args[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static decimal? Decimal(JsonObject args, string name) => args[name] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;

    private static long? Number(JsonObject args, string name) => args[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
}
