using System.Security.Cryptography;
using System.Text;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Hardware.Profiles.Signing;

namespace KioskRuntime.Hardware.Tests.Signing;

/// <summary>Embedded ECDSA P-256 signatures over the canonical form: what they cover, what they survive, what they refuse.</summary>
public sealed class ProfileSignatureTests
{
    private const string Profile = """
        // A comment the operator wrote
        {
          "kioskId": "demo-kiosk-1",
          "seller": { "name": "Demo Nærbutikk AS", "orgNumber": "123456785" },
          "controlBarcodes": { "checkout": "KIOSK-CHECKOUT", "cancel": "KIOSK-CANCEL" },
          "duplicateScanWindowMs": 400,
          "devices": [ { "name": "printer", "kind": "printer", "driver": "simulated", "path": "printer" }, ], // trailing comma
        }
        """;

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static (ECDsa Key, ProfileKey Public) NewKey()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key, ProfileKey.FromPem(key.ExportSubjectPublicKeyInfoPem(), "test.pub"));
    }

    [Fact]
    public void Canonical_form_ignores_comments_whitespace_member_order_and_trailing_commas()
    {
        const string Reordered = """{"seller":{"orgNumber":"123456785","name":"Demo Nærbutikk AS"},"kioskId":"demo-kiosk-1","controlBarcodes":{"cancel":"KIOSK-CANCEL","checkout":"KIOSK-CHECKOUT"},"devices":[{"path":"printer","driver":"simulated","kind":"printer","name":"printer"}],"duplicateScanWindowMs":400}""";
        Assert.Equal(CanonicalJson.OfProfile(Utf8(Profile)), CanonicalJson.OfProfile(Utf8(Reordered)));
        Assert.Equal(
            """{"controlBarcodes":{"cancel":"KIOSK-CANCEL","checkout":"KIOSK-CHECKOUT"},"devices":[{"driver":"simulated","kind":"printer","name":"printer","path":"printer"}],"duplicateScanWindowMs":400,"kioskId":"demo-kiosk-1","seller":{"name":"Demo Nærbutikk AS","orgNumber":"123456785"}}""",
            Encoding.UTF8.GetString(CanonicalJson.OfProfile(Utf8(Profile))));
    }

    [Fact]
    public void Canonical_form_escapes_strings_one_way_and_refuses_duplicate_members()
    {
        Assert.Equal("""{"a":"\"\\\n\u0001é/"}""", Encoding.UTF8.GetString(CanonicalJson.OfProfile(Utf8("""{ "a": "\u0022\\\u000a\u0001\u00e9\/" }"""))));
        var e = Assert.Throws<FormatException>(() => CanonicalJson.OfProfile(Utf8("""{ "seller": { "name": "a", "name": "b" } }""")));
        Assert.Contains("seller.name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_profile_verifies_keeps_its_comments_and_still_loads()
    {
        var (key, pub) = NewKey();
        var signed = ProfileSignature.Sign(Utf8(Profile), key);
        var text = Encoding.UTF8.GetString(signed);
        Assert.Contains("// A comment the operator wrote", text, StringComparison.Ordinal);
        Assert.Contains("// trailing comma", text, StringComparison.Ordinal);
        var check = ProfileSignature.Verify(signed, [pub]);
        Assert.Equal(SignatureStatus.Valid, check.Status);
        Assert.Equal(pub.KeyId, check.KeyId);
        Assert.Equal(ProfileSignature.Hash(Utf8(Profile)), check.ProfileHash);
        var (profile, problems) = new ProfileLoader(AllDrivers.Create()).Parse(signed, "signed.json");
        Assert.Empty(problems);
        Assert.Equal("demo-kiosk-1", profile!.KioskId);
    }

    [Fact]
    public void Reformatting_a_signed_profile_keeps_the_signature_valid_but_changing_a_value_breaks_it()
    {
        var (key, pub) = NewKey();
        var signed = Encoding.UTF8.GetString(ProfileSignature.Sign(Utf8(Profile), key));
        var reformatted = signed.Replace("// A comment the operator wrote", "// another comment", StringComparison.Ordinal).Replace("\n  ", "\n\t\t", StringComparison.Ordinal);
        Assert.Equal(SignatureStatus.Valid, ProfileSignature.Verify(Utf8(reformatted), [pub]).Status);

        var tampered = signed.Replace("\"duplicateScanWindowMs\": 400", "\"duplicateScanWindowMs\": 401", StringComparison.Ordinal);
        Assert.NotEqual(signed, tampered);
        var check = ProfileSignature.Verify(Utf8(tampered), [pub]);
        Assert.Equal(SignatureStatus.Invalid, check.Status);
        Assert.Contains("changed after signing", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_unknown_key_and_malformed_signatures_are_refused_with_what_is_wrong()
    {
        var (key, _) = NewKey();
        var (_, otherPub) = NewKey();
        Assert.Equal(SignatureStatus.Unsigned, ProfileSignature.Verify(Utf8(Profile), [otherPub]).Status);

        var signed = ProfileSignature.Sign(Utf8(Profile), key);
        var unknown = ProfileSignature.Verify(signed, [otherPub]);
        Assert.Equal(SignatureStatus.UnknownKey, unknown.Status);
        Assert.Contains(ProfileKey.KeyIdOf(key), unknown.Message, StringComparison.Ordinal);

        var badAlg = Encoding.UTF8.GetString(signed).Replace(ProfileSignature.Algorithm, "ed25519", StringComparison.Ordinal);
        Assert.Equal(SignatureStatus.Malformed, ProfileSignature.Verify(Utf8(badAlg), [otherPub]).Status);
        Assert.Equal(SignatureStatus.Malformed, ProfileSignature.Verify(Utf8("{ \"a\": "), [otherPub]).Status);
    }

    [Fact]
    public void Re_signing_replaces_the_old_signature_instead_of_adding_a_second()
    {
        var (first, _) = NewKey();
        var (second, secondPub) = NewKey();
        var twice = ProfileSignature.Sign(ProfileSignature.Sign(Utf8(Profile), first), second);
        var text = Encoding.UTF8.GetString(twice);
        Assert.Equal(1, text.Split("\"signature\"").Length - 1);
        Assert.Equal(SignatureStatus.Valid, ProfileSignature.Verify(twice, [secondPub]).Status);

        // A signature written first in the object is found and replaced too.
        var leading = "{ \"signature\": { \"algorithm\": \"x\", \"keyId\": \"y\", \"value\": \"z\" }, \"kioskId\": \"a\" }";
        var resigned = ProfileSignature.Sign(Utf8(leading), second);
        Assert.Equal(SignatureStatus.Valid, ProfileSignature.Verify(resigned, [secondPub]).Status);
        Assert.Equal(1, Encoding.UTF8.GetString(resigned).Split("\"signature\"").Length - 1);
    }

    [Fact]
    public void Trusted_key_directory_reports_a_file_that_is_not_a_p256_public_key()
    {
        var dir = Directory.CreateTempSubdirectory("kiosk-keys-").FullName;
        try
        {
            var (key, pub) = NewKey();
            File.WriteAllText(Path.Combine(dir, "operator.pub"), key.ExportSubjectPublicKeyInfoPem());
            using var rsa = RSA.Create(2048);
            File.WriteAllText(Path.Combine(dir, "wrong.pub"), rsa.ExportSubjectPublicKeyInfoPem());
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "ignored");
            var (keys, problems) = ProfileKey.LoadDirectory(dir);
            Assert.Equal([pub.KeyId], keys.Select(k => k.KeyId));
            Assert.Single(problems);
            Assert.Contains("wrong.pub", problems[0], StringComparison.Ordinal);
            Assert.Empty(ProfileKey.LoadDirectory(Path.Combine(dir, "missing")).Keys);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
