using System.Text;
using System.Text.Json;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Payments.Tests;

public sealed class NexoBlobCipherTests
{
    /// <summary>
    /// The encrypted EventNotification from Adyen's own Node library tests (key "ncrkey" v1, passphrase "ncrpass"): proves the key
    /// derivation, IV XOR nonce, AES-CBC and HMAC-over-plaintext against a message a real implementation sealed.
    /// </summary>
    [Fact]
    public void Opens_Adyens_published_test_message()
    {
        var cipher = new NexoBlobCipher("ncrkey", 1, "ncrpass");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "adyen-event-notification-ncrkey.json")));
        byte[] plain = cipher.Open(doc.RootElement, "SaleToPOIRequest");
        using var inner = JsonDocument.Parse(plain);
        var notification = inner.RootElement.GetProperty("SaleToPOIRequest").GetProperty("EventNotification");
        Assert.Equal("reference_id=9876", notification.GetProperty("EventDetails").GetString());
        Assert.Equal("SaleWakeUp", notification.GetProperty("EventToNotify").GetString());
    }

    [Fact]
    public void The_published_message_does_not_open_with_another_passphrase()
    {
        var cipher = new NexoBlobCipher("ncrkey", 1, "ncrpasS");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "adyen-event-notification-ncrkey.json")));
        Assert.Throws<NexoSecurityException>(() => cipher.Open(doc.RootElement, "SaleToPOIRequest"));
    }

    private static readonly byte[] Message = Encoding.UTF8.GetBytes(
        """{"SaleToPOIRequest":{"MessageHeader":{"MessageClass":"Service","MessageCategory":"Payment","MessageType":"Request","ServiceID":"1","SaleID":"k","POIID":"P"},"PaymentRequest":{}}}""");

    [Fact]
    public void Seal_keeps_the_header_in_clear_and_round_trips()
    {
        var cipher = new NexoBlobCipher("kiosk-key", 3, "correct horse battery staple");
        byte[] sealedMessage = cipher.Seal(Message, "SaleToPOIRequest");
        using var doc = JsonDocument.Parse(sealedMessage);
        var env = doc.RootElement.GetProperty("SaleToPOIRequest");
        Assert.Equal("Payment", env.GetProperty("MessageHeader").GetProperty("MessageCategory").GetString());
        Assert.False(env.TryGetProperty("PaymentRequest", out _));
        Assert.Equal(3, env.GetProperty("SecurityTrailer").GetProperty("KeyVersion").GetInt32());
        Assert.Equal(Message, cipher.Open(doc.RootElement, "SaleToPOIRequest"));
    }

    [Fact]
    public void Each_seal_uses_a_fresh_nonce()
    {
        var cipher = new NexoBlobCipher("k", 1, "p");
        Assert.NotEqual(cipher.Seal(Message, "SaleToPOIRequest"), cipher.Seal(Message, "SaleToPOIRequest"));
    }

    [Fact]
    public void A_changed_hmac_is_refused()
    {
        var cipher = new NexoBlobCipher("k", 1, "p");
        var node = System.Text.Json.Nodes.JsonNode.Parse(cipher.Seal(Message, "SaleToPOIRequest"))!;
        var trailer = node["SaleToPOIRequest"]!["SecurityTrailer"]!;
        byte[] bytes = Convert.FromBase64String(trailer["Hmac"]!.GetValue<string>());
        bytes[0] ^= 1;
        trailer["Hmac"] = Convert.ToBase64String(bytes);
        using var tampered = JsonDocument.Parse(node.ToJsonString());
        var ex = Assert.Throws<NexoSecurityException>(() => cipher.Open(tampered.RootElement, "SaleToPOIRequest"));
        Assert.Contains("Hmac", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_key_identifier_is_named_in_the_error()
    {
        byte[] sealedMessage = new NexoBlobCipher("k1", 1, "p").Seal(Message, "SaleToPOIRequest");
        using var doc = JsonDocument.Parse(sealedMessage);
        var ex = Assert.Throws<NexoSecurityException>(() => new NexoBlobCipher("k2", 1, "p").Open(doc.RootElement, "SaleToPOIRequest"));
        Assert.Contains("k1", ex.Message, StringComparison.Ordinal);
    }
}
