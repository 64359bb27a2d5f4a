using System.Buffers;
using System.Globalization;

namespace AlbEmulator.Forwarding.Downgrade;

/// <summary>
/// A request head written as Latin-1 bytes straight into a pooled buffer (no StringBuilder, no string, no
/// encoder): characters above U+00FF become '?', as <see cref="System.Text.Encoding.Latin1"/> writes them.
/// </summary>
internal struct HeadBuilder
{
    private byte[]? _buffer;
    private int _length;

    public HeadBuilder(byte[] buffer)
    {
        _buffer = buffer;
    }

    public readonly ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Append(char c)
    {
        Ensure(1);
        _buffer![_length++] = c <= 0xFF ? (byte)c : (byte)'?';
    }

    public void Append(string text)
    {
        Ensure(text.Length);
        var target = _buffer.AsSpan(_length, text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            target[i] = c <= 0xFF ? (byte)c : (byte)'?';
        }

        _length += text.Length;
    }

    public void Append(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>A header name as ALB writes it on the downgraded request (TG-21): see <see cref="Http1HeaderNames"/>.</summary>
    public void AppendName(string name)
    {
        if (Http1HeaderNames.MixedCaseName(name) is { } mixed)
        {
            Append(mixed);
            return;
        }

        Ensure(name.Length);
        var target = _buffer.AsSpan(_length, name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = char.ToLowerInvariant(name[i]);
            target[i] = c <= 0xFF ? (byte)c : (byte)'?';
        }

        _length += name.Length;
    }

    /// <summary>Gives the buffer back to the pool (once; later calls do nothing).</summary>
    public void Return()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int count)
    {
        if (_length + count <= _buffer!.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
