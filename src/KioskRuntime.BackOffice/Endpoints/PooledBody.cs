using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.BackOffice.Endpoints;

/// <summary>
/// A request body read whole into one pooled array (sized by Content-Length when given, grown otherwise), so that the parser
/// reads contiguous bytes once and the events it keeps are slices of them. At most <see cref="MaxBytes"/>: a larger
/// Content-Length is refused before anything is rented or read, and a body without one stops being read when it passes the
/// cap. Return it with <see cref="Dispose"/> once nothing refers to the bytes any more. Not thread-safe.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    /// <summary>
    /// The largest body read: 16 MiB. The contract's largest push is 500 events; a sale of 50 lines is about 10 KB, so 500 of
    /// them are about 5 MB. The same limit is Kestrel's <c>MaxRequestBodySize</c> for every route.
    /// </summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private byte[] _buffer;
    private int _length;

    private PooledBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>Reads the body; null when it is (or claims to be) larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is > MaxBytes)
        {
            return null; // refused on the claim alone: nothing rented, nothing read
        }

        var body = new PooledBody((int)(request.ContentLength ?? 0));
        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                if (body._length + result.Buffer.Length > MaxBytes)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    body.Dispose();
                    return null;
                }

                body.Append(result.Buffer);
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return body;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Append(in ReadOnlySequence<byte> data)
    {
        var needed = _length + (long)data.Length;
        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, _buffer.Length * 2L), Array.MaxLength));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length = (int)needed;
    }
}
