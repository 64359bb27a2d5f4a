using System.Buffers.Binary;

namespace AlbEmulator.Tests.Common;

/// <summary>Raw HTTP/2 frames for socket-free tests of frame readers and filters (RFC 9113 §4.1).</summary>
public static class Http2Frames
{
    /// <summary>A frame: 24-bit length, type, flags, 31-bit stream id, payload.</summary>
    public static byte[] Frame(byte type, byte flags, uint streamId, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        return frame;
    }
}
