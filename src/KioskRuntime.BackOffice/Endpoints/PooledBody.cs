using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace KioskRuntime.BackOffice.Endpoints;

/// <summary>
/// A request body read whole into one pooled array (sized by Content-Length when given, grown otherwise), so that the parser
/// reads contiguous bytes once and the events it keeps are slices of them. Return it with <see cref="Dispose"/> once nothing
/// refers to the bytes any more. Not thread-safe.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private PooledBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public static async Task<PooledBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var declared = request.ContentLength is { } length and <= int.MaxValue ? (int)length : 0;
        var body = new PooledBody(declared);
        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(ct);
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
