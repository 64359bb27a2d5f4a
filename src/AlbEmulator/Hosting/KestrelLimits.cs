using AlbEmulator.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AlbEmulator.Hosting;

/// <summary>
/// Kestrel's own limits, set LOOSER than ALB's so that AlbEmulator, never Kestrel, produces every
/// response an ALB would (style guide §7.3 rule 4): Kestrel's rejections have their own format.
/// </summary>
internal static class KestrelLimits
{
    public static void Apply(KestrelServerOptions kestrel, LoadBalancerSettings settings)
    {
        kestrel.AddServerHeader = false;                                // ALB adds no Server header to target responses (HDR-60).
        var limits = kestrel.Limits;
        limits.MaxRequestLineSize = 1024 * 1024;                       // ALB: 16 K (414 from AlbEmulator).
        limits.MaxRequestHeadersTotalSize = 1024 * 1024;               // ALB: 64 K (400 from AlbEmulator).
        limits.MaxRequestHeaderCount = 10_000;
        limits.MaxRequestBodySize = null;                              // ALB streams bodies of any size to ip/instance targets.
        limits.MinRequestBodyDataRate = null;                          // ALB uses the idle timeout instead.
        limits.MinResponseDataRate = null;
        limits.MaxConcurrentConnections = null;
        limits.MaxConcurrentUpgradedConnections = null;
        // The HTTP/1.x front end applies the idle timeout itself (408 mid-request, close when idle);
        // Kestrel's timers only back it up, and close idle HTTP/2 connections (ERR-TMO-1).
        limits.KeepAliveTimeout = settings.IdleTimeout + TimeSpan.FromSeconds(1);
        limits.RequestHeadersTimeout = settings.IdleTimeout + TimeSpan.FromSeconds(30);
        limits.Http2.MaxStreamsPerConnection = Limits.AlbLimits.MaxHttp2ConcurrentStreams;                     // LST-5, H2-2.
        limits.Http2.MaxRequestHeaderFieldSize = 1024 * 1024;
        limits.Http2.KeepAlivePingDelay = TimeSpan.MaxValue;           // ALB sends no pings; PING does not reset the idle timer (H2-5).
        kestrel.AllowSynchronousIO = false;

        // ALB forwards header values with obs-text (bytes >= 0x80) as Acceptable requests (DSY-5); Kestrel
        // would reject them as non-ASCII unless it reads them as Latin-1.
        kestrel.RequestHeaderEncodingSelector = static _ => System.Text.Encoding.Latin1;
        // [UNCONFIRMED] A target's response header value with obs-text (bytes >= 0x80, valid field content in RFC 9110)
        // reaches the client byte for byte, as obs-text in requests does; Kestrel would throw on it (a 502) unless it
        // writes it as Latin-1, the encoding both forwarders read it with. Control characters are still refused (502,
        // "invalid response headers", ERR-502). docs/known-differences.md.
        kestrel.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.Latin1;
        kestrel.AllowHostHeaderOverride = true;                        // Absolute-form target: its authority is the host, whatever Host says (HDR-20), not a Kestrel 400.
    }
}
