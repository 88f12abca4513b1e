using System.Net;
using System.Text.Json.Nodes;

namespace KioskRuntime.RackbeatSimulator.Tests;

/// <summary>Headers, errors, pagination, list keys, URL-encoded item numbers, adjustments, lookups, persistence.</summary>
public sealed class ApiShapeTests
{
    [Fact]
    public async Task A_request_without_the_token_is_401_and_without_consumer_headers_400_naming_them()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var polite = new SimulatorClient(sim);
        using var rude = new SimulatorClient(sim, consumerHeaders: false);

        Assert.Equal(HttpStatusCode.Unauthorized, (await polite.SendAsync(HttpMethod.Get, "products", token: "wrong")).Status);
        var (status, body, _) = await rude.GetAsync("products");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Consumer-Name, Consumer-Contact", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_answer_206_with_total_pages_limit_page_and_refuse_a_limit_above_1000()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);

        var (status, body, _) = await client.GetAsync("products?limit=3&page=3");

        Assert.Equal(HttpStatusCode.PartialContent, status);
        Assert.Equal(8, body!["total"]!.GetValue<int>());
        Assert.Equal(3, body["pages"]!.GetValue<int>());
        Assert.Equal(3, body["page"]!.GetValue<int>());
        Assert.Equal(2, body["products"]!.AsArray().Count);
        Assert.Equal(20, (await client.GetAsync("products")).Body!["limit"]!.GetValue<int>());
        var tooBig = await client.GetAsync("products?limit=1001");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooBig.Status);
        Assert.NotNull(tooBig.Body!["errors"]!["limit"]);
    }

    [Fact]
    public async Task A_product_answers_its_unit_and_its_total_while_its_locations_list_the_stock_at_each()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);
        sim.Account.PutProduct(new Account.Product
        {
            Number = "CHS-KG", Name = "Ost i vekt", Barcode = "7030000000024", SalesPrice = 120m, Unit = "kg",
            Locations = new(StringComparer.Ordinal) { ["1"] = new Account.LocationStock { Stock = 1.5m }, ["2"] = new Account.LocationStock { Stock = 4m } },
        });

        var product = (await client.GetAsync("products/CHS-KG")).Body!["product"]!;
        var locations = (await client.GetAsync("products/CHS-KG/locations")).Body!["product_locations"]!.AsArray();

        Assert.Equal(("kg", 5.5m), (product["unit"]!["name"]!.GetValue<string>(), product["stock_quantity"]!.GetValue<decimal>()));
        Assert.Equal(
            [("1", 1.5m), ("2", 4m)],
            locations.Select(l => (l!["number"]!.GetValue<string>(), l["stock_quantity"]!.GetValue<decimal>())));
        Assert.Equal("pcs", (await client.GetAsync("products/MLK-1L")).Body!["product"]!["unit"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_item_is_422_with_the_field_path_and_nothing_is_created()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);

        var (status, body, _) = await client.PostAsync("orders/drafts", new JsonObject
        {
            ["customer_id"] = 900,
            ["lines"] = new JsonArray(new JsonObject { ["item_id"] = "MLK-1L", ["quantity"] = 1 }, new JsonObject { ["item_id"] = "NOPE", ["quantity"] = 1 }),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("The selected lines.1.item_id is invalid.", body!["errors"]!["lines.1.item_id"]![0]!.GetValue<string>());
        Assert.Null(body["message"]);
        Assert.Empty(sim.Account.Orders());
    }

    [Fact]
    public async Task Item_numbers_with_a_slash_are_reached_url_encoded()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);

        var (status, body, _) = await client.GetAsync("products/BAT%2FAA4/locations");

        Assert.Equal(HttpStatusCode.PartialContent, status);
        var location = Assert.Single(body!["product_locations"]!.AsArray());
        Assert.Equal("1", location!["number"]!.GetValue<string>());
        Assert.Equal(15m, location["stock_quantity"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_adjustment_is_a_draft_with_a_target_until_booked_and_a_zero_change_is_refused()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Body(decimal quantity) => new() { ["item_id"] = "SOL-05", ["adjustment_type"] = "quantity", ["quantity"] = quantity, ["location"] = "1", ["regulated_at"] = today, ["reason"] = "KRT-1 count" };

        var zero = await client.PostAsync("inventory-adjustments", Body(96));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zero.Status);
        Assert.Equal("Adjustment can't be created, since no change is made.", zero.Body!["errors"]!["quantity"]![0]!.GetValue<string>());

        var created = await client.PostAsync("inventory-adjustments", Body(90));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body!["inventory_regulation"]!["id"]!.GetValue<long>();
        Assert.Equal(96m, (await client.StockAsync("SOL-05")).Stock);
        await client.PostAsync($"inventory-adjustments/{id}/book");
        Assert.Equal(90m, (await client.StockAsync("SOL-05")).Stock);

        var list = await client.GetAsync("inventory-adjustments?search=KRT-1");
        Assert.Equal(HttpStatusCode.PartialContent, list.Status);
        Assert.True(Assert.Single(list.Body!["inventory_regulations"]!.AsArray())!["is_booked"]!.GetValue<bool>());
        var future = Body(80);
        future["regulated_at"] = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsync("inventory-adjustments", future)).Status);
    }

    [Fact]
    public async Task Orders_are_found_by_custom_field_with_field_eq_and_by_search_over_heading_and_note()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);
        var order = await client.BookedOrderAsync(("MLK-1L", 1));
        await client.BookedOrderAsync(("MLK-1L", 1));
        var put = await client.SendAsync(HttpMethod.Put, $"orders/{order}/fields", new JsonObject { ["custom_fields"] = new JsonArray(new JsonObject { ["id"] = 7, ["value"] = "KRT-abc" }) });
        Assert.Equal(HttpStatusCode.OK, put.Status);

        var byField = await client.GetAsync("orders?field_eq[7]=KRT-abc");
        var bySearch = await client.GetAsync("orders?search=KRT-test");

        Assert.Equal(order, Assert.Single(byField.Body!["orders"]!.AsArray())!["number"]!.GetValue<long>());
        Assert.Equal(2, bySearch.Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Faults_on_demand_429_with_retry_after_and_commit_then_drop()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);
        sim.Faults.Add(new FaultRule { Match = "POST /api/orders/drafts", Kind = "status", Status = 429, RetryAfter = 7 });
        sim.Faults.Add(new FaultRule { Match = "/book", Kind = "drop" });

        var throttled = await client.PostAsync("orders/drafts", new JsonObject { ["customer_id"] = 900, ["lines"] = new JsonArray(new JsonObject { ["item_id"] = "MLK-1L", ["quantity"] = 1 }) });
        Assert.Equal((HttpStatusCode)429, throttled.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Response.Headers.RetryAfter!.Delta);
        Assert.Empty(sim.Account.Orders());

        var draft = await client.PostAsync("orders/drafts", new JsonObject { ["customer_id"] = 900, ["lines"] = new JsonArray(new JsonObject { ["item_id"] = "MLK-1L", ["quantity"] = 1 }) });
        var number = draft.Body!["order"]!["number"]!.GetValue<long>();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"orders/{number}/book"));
        Assert.True(sim.Account.GetOrder(number).IsBooked); // done, answer lost
    }

    [Fact]
    public async Task The_state_file_keeps_the_account_across_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), "rb-sim-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await using (var first = await SimulatorHost.StartAsync("--data", path, "--stock-mode", "invoice"))
            {
                using var client = new SimulatorClient(first);
                await client.BookedOrderAsync(("EGG-12", 2));
            }

            await using var second = await SimulatorHost.StartAsync("--data", path);
            using var again = new SimulatorClient(second);
            Assert.Equal((30m, 2m, 28m), await again.StockAsync("EGG-12"));
            Assert.Single(second.Account.Orders());
            Assert.Equal(Account.StockMode.Invoice, second.Account.Settings.StockMode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
