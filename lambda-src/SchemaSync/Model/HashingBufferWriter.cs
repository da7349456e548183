using System.Buffers;
using System.Security.Cryptography;

namespace SchemaSync.Model;

/// <summary>A buffer writer that feeds each chunk written to it into <paramref name="hash"/> and reuses its buffer.</summary>
internal sealed class HashingBufferWriter(IncrementalHash hash) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[64 * 1024];

    public void Advance(int count) => hash.AppendData(_buffer, 0, count);

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (sizeHint > _buffer.Length)
            _buffer = new byte[sizeHint];
        return _buffer;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
