using KioskRuntime.Journal.Storage;
using LiteDB.Engine;

namespace KioskRuntime.Journal.Tests;

/// <summary>The journal relies on LiteDB 5.0.21 internals in one place; this fails if an upgrade moves them.</summary>
public sealed class LiteDbInternalsTests
{
    [Fact]
    public void Open_transactions_are_found_so_their_finalizers_can_be_suppressed_on_an_abandoned_engine()
    {
        using var engine = new LiteEngine(new EngineSettings { DataStream = new MemoryStream(), LogStream = new MemoryStream() });
        Assert.Equal(0, LiteDbFinalizers.SuppressOpenTransactions(engine));
        Assert.True(engine.BeginTrans());
        Assert.Equal(1, LiteDbFinalizers.SuppressOpenTransactions(engine));
        Assert.True(engine.Rollback());
    }
}
