using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KioskRuntime.Journal.Tests;

/// <summary>
/// The chain hash is a format (journal README, format 1): stored journals and the back office's copies depend on it never changing.
/// These vectors build the canonical bytes field by field as the format describes, independently of the writer's code.
/// </summary>
public sealed class EntryHashTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "", "{\"receiptNo\":1,\"total\":\"24.90\"}" },
        { new string('a', 64), "{\"text\":\"Brunost æøå ÆØÅ 🧀\"}" },
        { "0f" + new string('1', 62), "{\"lines\":\"" + new string('x', 5000) + "\"}" }, // larger than the stack buffer
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_is_sha256_of_the_previous_hash_bytes_then_the_canonical_fields(string prev, string payload)
    {
        var id = Guid.Parse("01936f0e-8c1a-7b2e-9d4f-0123456789ab");
        const string Type = "sale";
        const string At = "2026-11-27T11:45:00.123+01:00";
        const long Seq = 4_200_000_001;

        var expected = new List<byte>();
        if (prev.Length > 0)
        {
            expected.AddRange(Convert.FromHexString(prev));
        }

        var seq = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(seq, Seq);
        expected.AddRange(seq);
        expected.AddRange(Convert.FromHexString("01936f0e8c1a7b2e9d4f0123456789ab")); // RFC 9562 byte order
        foreach (var field in new[] { Type, At, payload })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            expected.AddRange(length);
            expected.AddRange(bytes);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected.ToArray())), EntryHash.Compute(prev, Seq, id, Type, At, payload));
    }

    [Fact]
    public void A_previous_hash_that_is_not_hex_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => EntryHash.Compute(new string('z', 64), 1, Guid.Empty, "sale", "2026-11-27T11:45:00.123+00:00", "{}"));
        Assert.Throws<FormatException>(() => EntryHash.Compute("abc", 1, Guid.Empty, "sale", "2026-11-27T11:45:00.123+00:00", "{}"));
    }
}
