using System.Text;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Hardware.Tests;

/// <summary>The profile's <c>returns</c> block and <c>access.operatorsGroup</c>: read, defaulted, and every mistake reported where it stands.</summary>
public sealed class ReturnPolicyLoaderTests
{
    private static readonly ProfileLoader Loader = new(AllDrivers.Create());

    private static (HardwareProfile? Profile, IReadOnlyList<ProfileProblem> Problems) Parse(string extra) =>
        Loader.Parse(
            Encoding.UTF8.GetBytes($$"""
                { "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
                  "controlBarcodes": { "checkout": "A", "cancel": "B" },
                  "devices": [ { "name": "s", "kind": "scanner", "driver": "simulated", "path": "s.fifo" } ]{{extra}} }
                """),
            "returns.json");

    [Fact]
    public void Without_a_returns_block_every_refund_needs_an_approval_within_30_days()
    {
        var profile = Parse("").Profile!;
        Assert.Equal(TimeSpan.FromDays(30), profile.Returns.Window);
        Assert.Equal(0m, profile.Returns.ApprovalAbove);
        Assert.Null(profile.Access.OperatorsGroup);
    }

    [Fact]
    public void The_window_the_approval_amount_and_the_operators_group_are_read()
    {
        var (profile, problems) = Parse("""
            , "returns": { "windowDays": 14, "approval": { "above": "500.00" } }, "access": { "operatorsGroup": "kiosk-operators" }
            """);
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromDays(14), profile!.Returns.Window);
        Assert.Equal(500m, profile.Returns.ApprovalAbove);
        Assert.Equal("kiosk-operators", profile.Access.OperatorsGroup);
        Assert.Equal(0m, Parse(""", "returns": { "approval": "always" }""").Profile!.Returns.ApprovalAbove);
    }

    [Theory]
    [InlineData("""{ "windowDays": 400 }""", "returns.windowDays", "from 0 to 365")]
    [InlineData("""{ "approval": "never" }""", "returns.approval", "\"never\"")]
    [InlineData("""{ "approval": { "above": "5.001" } }""", "returns.approval", "expected \"always\"")]
    [InlineData("""{ "approval": { "above": "-1.00" } }""", "returns.approval", "expected \"always\"")]
    [InlineData("""{ "days": 3 }""", "returns.days", "unknown setting")]
    [InlineData("\"30\"", "returns", "expected an object")]
    public void A_bad_returns_block_is_reported_with_its_path(string returns, string path, string message)
    {
        var (profile, problems) = Parse($$""", "returns": {{returns}}""");
        Assert.Null(profile);
        var problem = Assert.Single(problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, problem.Line);
    }

    [Theory]
    [InlineData("Kiosk Operators")]
    [InlineData("0ops")]
    [InlineData("")]
    public void An_operators_group_that_is_no_group_name_is_refused(string group)
    {
        var (profile, problems) = Parse($$""", "access": { "operatorsGroup": "{{group}}" }""");
        Assert.Null(profile);
        Assert.Equal("access.operatorsGroup", Assert.Single(problems).Path);
    }
}
