using System.Text;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Hardware.Tests;

/// <summary>The profile's <c>adjustmentCategories</c> (our stock adjustment reasons → the account's categories): read, and every mistake reported where it stands.</summary>
public sealed class AdjustmentCategoriesLoaderTests
{
    private static readonly ProfileLoader Loader = new(AllDrivers.Create());

    private static (HardwareProfile? Profile, IReadOnlyList<ProfileProblem> Problems) Parse(string extra) =>
        Loader.Parse(
            Encoding.UTF8.GetBytes($$"""
                { "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
                  "controlBarcodes": { "checkout": "A", "cancel": "B" },
                  "devices": [ { "name": "s", "kind": "scanner", "driver": "simulated", "path": "s.fifo" } ]{{extra}} }
                """),
            "categories.json");

    [Fact]
    public void The_mapping_is_read_and_a_profile_without_one_maps_nothing()
    {
        var (profile, problems) = Parse("""
            , "adjustmentCategories": { "damage": "Svinn", "received": "Innkjøp", "count": "Status" }
            """);

        Assert.Empty(problems);
        Assert.Equal(
            [("count", "Status"), ("damage", "Svinn"), ("received", "Innkjøp")],
            profile!.AdjustmentCategories.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        Assert.Empty(Parse("").Profile!.AdjustmentCategories);
    }

    [Theory]
    [InlineData("""{ "spoilage": "Waste" }""", "adjustmentCategories.spoilage", "unknown adjustment reason; expected count, damage, theft, received, other")]
    [InlineData("""{ "damage": "" }""", "adjustmentCategories.damage", "category name")]
    [InlineData("""{ "damage": " Waste" }""", "adjustmentCategories.damage", "no surrounding spaces")]
    [InlineData("""{ "damage": "Waste: broken" }""", "adjustmentCategories.damage", "no ':'")]
    [InlineData("""{ "damage": 7 }""", "adjustmentCategories.damage", "found 7")]
    [InlineData("""[ "Waste" ]""", "adjustmentCategories", "expected an object")]
    public void A_bad_mapping_is_reported_with_its_path_and_line(string block, string path, string message)
    {
        var (profile, problems) = Parse($$""", "adjustmentCategories": {{block}}""");

        Assert.Null(profile);
        var problem = Assert.Single(problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, problem.Line);
    }
}
