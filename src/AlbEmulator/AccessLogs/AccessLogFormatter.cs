using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using AlbEmulator.Errors;
using AlbEmulator.Listeners;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The only code that knows the ALB access-log line format (alb-observability-api.md §1.2–§1.3):
/// field order, quoting, <c>-</c> for absent values, <c>-1</c> for phases that did not happen, three-decimal
/// seconds and microsecond timestamps.
/// </summary>
public static class AccessLogFormatter
{
    /// <summary>User agents are truncated to 8 KB (§7.1).</summary>
    public const int MaxUserAgentLength = Limits.AlbLimits.MaxLoggedUserAgentBytes;

    /// <summary>The fields in the order they are written, quoted ones in double quotes (<see cref="AccessLogFields"/>; docs/access-logs.md lists the same, a test pins it).</summary>
    public static readonly IReadOnlyList<string> FieldNames = [.. AccessLogFields.All.Select(f => f.DisplayName)];

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>Builds the entry of a request Kestrel parsed and formats it (tests; the server goes through <see cref="RequestRecorder"/>).</summary>
    public static string Format(HttpContext context, AlbRequestState state, DateTime responseTimeUtc) =>
        Format(AccessLogEntry.From(context, state, responseTimeUtc));

    public static string Format(AccessLogEntry entry)
    {
        var sb = t_builder ??= new StringBuilder(512);
        sb.Clear();
        var state = entry.State;
        var outcome = entry.Outcome;
        var tls = entry.Tls;
        var listener = state.Listener;

        // 1 type
        sb.Append(entry.Type).Append(' ');
        // 2 time, 3 elb
        AppendTimestamp(sb, entry.ResponseTimeUtc, microseconds: true).Append(' ');
        sb.Append(state.LoadBalancer.Identifiers.LoadBalancerFullName).Append(' ');
        // 4 client:port
        AppendAddress(sb, entry.ClientAddress).Append(':').Append(entry.ClientPort).Append(' ');
        // 5 target:port
        sb.Append(state.Target?.LogAddress ?? "-").Append(' ');
        // 6-8 processing times
        // A forward that ended in an ALB error (502/504) was not dispatched in ALB's sense: all three are -1.
        // 460 (the client left while the target worked) keeps request_processing_time.
        var answered = state.ResponseHeadersTimestamp != 0;
        var dispatched = state.RequestSentTimestamp != 0 && (answered || state.Error is AlbError.None or AlbError.ClientClosedRequest);
        AppendSeconds(sb, dispatched, state.ReceivedTimestamp, state.RequestSentTimestamp).Append(' ');
        AppendSeconds(sb, dispatched && answered, state.RequestSentTimestamp, state.ResponseHeadersTimestamp).Append(' ');
        AppendSeconds(sb, answered && state.ResponseStartedTimestamp != 0, state.ResponseHeadersTimestamp, state.ResponseStartedTimestamp).Append(' ');
        // 9 elb_status_code, 10 target_status_code
        // ERR-000: a connection ended with GOAWAY before any response is logged with code 000.
        if (outcome.ElbStatusCode == 0)
        {
            sb.Append("000 ");
        }
        else
        {
            sb.Append(outcome.ElbStatusCode).Append(' ');
        }
        if (state.TargetStatusCode > 0)
        {
            sb.Append(state.TargetStatusCode);
        }
        else
        {
            sb.Append('-');
        }

        // 11 received_bytes, 12 sent_bytes
        sb.Append(' ').Append(outcome.ReceivedBytes).Append(' ').Append(outcome.SentBytes).Append(' ');
        // 13 "request": a request line that could not be parsed is written "- http://host:port- -" (§1.3).
        if (state.RequestLineUnparsed || entry.Method is null)
        {
            sb.Append("\"- ").Append(listener.Scheme).Append("://").Append(state.LoadBalancer.Identifiers.DnsName).Append(':').Append(listener.PortText).Append("- -\" ");
        }
        else
        {
            sb.Append('"').Append(entry.Method).Append(' ').Append(listener.Scheme).Append("://");
            AppendHostForLog(sb, entry.Host, state);
            sb.Append(':').Append(listener.PortText);
            AppendQuoted(sb, PathAndQuery(entry.RawTarget ?? "/"));
            sb.Append(' ').Append(entry.Protocol).Append("\" ");
        }
        // 14 "user_agent"
        var userAgent = entry.UserAgent;
        sb.Append('"');
        if (string.IsNullOrEmpty(userAgent))
        {
            sb.Append('-');
        }
        else
        {
            var ua = userAgent.AsSpan();
            AppendQuoted(sb, ua.Length > MaxUserAgentLength ? ua[..MaxUserAgentLength] : ua);
        }

        sb.Append("\" ");
        // 15 ssl_cipher, 16 ssl_protocol
        if (listener.IsHttps && tls is { } handshake)
        {
            sb.Append(TlsNames.CipherSuite(handshake.CipherSuite)).Append(' ').Append(TlsNames.Protocol(handshake.Protocol)).Append(' ');
        }
        else
        {
            sb.Append("- - ");
        }

        // 17 target_group_arn, 18 "trace_id", 19 "domain_name", 20 "chosen_cert_arn"
        sb.Append(state.TargetGroup?.Arn ?? "-").Append(' ');
        AppendQuotedField(sb, state.TraceId);
        AppendQuotedField(sb, listener.IsHttps ? state.Connection.SniDomain : null);
        AppendQuotedField(sb, listener.IsHttps ? state.Connection.CertificateArn : null);
        // 21 matched_rule_priority, 22 request_creation_time
        if (state.MatchedRulePriority is { } priority)
        {
            sb.Append(priority);
        }
        else
        {
            sb.Append('-');
        }

        sb.Append(' ');
        AppendTimestamp(sb, state.ReceivedUtc, microseconds: false).Append(' ');
        // 23 "actions_executed", 24 "redirect_url", 25 "error_reason"
        AppendQuotedField(sb, state.ActionsExecuted);
        AppendQuotedField(sb, state.RedirectUrl);
        AppendQuotedField(sb, ErrorReason(state));
        // 26 "target:port_list", 27 "target_status_code_list": both "-" for Lambda targets (no Target; §1.3 notes, §1.8).
        AppendQuotedField(sb, state.Target?.LogAddress);
        if (state.Target is not null && state.TargetStatusCode > 0)
        {
            sb.Append('"').Append(state.TargetStatusCode).Append("\" ");
        }
        else
        {
            sb.Append("\"-\" ");
        }

        // 28 "classification", 29 "classification_reason", 30 conn_trace_id
        AppendQuotedField(sb, state.Classification);
        AppendQuotedField(sb, state.ClassificationReason);
        sb.Append(state.Connection.ConnTraceId).Append(' ');
        // 31 "transformed_host", 32 "transformed_uri", 33 "request_transform_status" (set by the transforms slot)
        AppendQuotedField(sb, state.TransformedHost);
        AppendQuotedField(sb, state.TransformedUri);
        AppendQuotedField(sb, state.RequestTransformStatus);
        // 34 ip_address: the node's address, 35-36: two quoted fields that are "-" in every real line (AccessLogFields).
        AppendAddress(sb, NodeAddress(entry.LocalAddress));
        sb.Append(" \"-\" \"-\"");
        return sb.ToString();
    }

    /// <summary>
    /// [EMU] The load balancer node's IP (field 34, the S3 key, the connection log): the local address the
    /// client's connection reached, i.e. the listener's bound address (the interface address for a wildcard
    /// listener); <see cref="S3LogKey.NodeIp"/> when unknown (in-memory test servers).
    /// </summary>
    public static IPAddress NodeAddress(IPAddress? local) => local switch
    {
        null => IPAddress.Loopback,
        { IsIPv4MappedToIPv6: true } => local.MapToIPv4(),
        _ => local,
    };

    private static string? ErrorReason(AlbRequestState state)
    {
        if (state.ErrorReason is not null)
        {
            return state.ErrorReason;
        }

        if (state.Error == AlbError.None)
        {
            return null;
        }

        var reason = AlbErrorCatalog.Get(state.Error).ErrorReason;
        return reason == "-" ? null : reason;
    }

    /// <summary>
    /// The host of the request line: the addressed host without its port, lower case; the DNS name when
    /// absent. ASCII hosts (all but the odd IDN) are lower-cased on the stack, without a string.
    /// </summary>
    private static void AppendHostForLog(StringBuilder sb, string? host, AlbRequestState state)
    {
        if (host is null)
        {
            AppendQuoted(sb, state.LoadBalancer.Identifiers.DnsName);
            return;
        }

        var name = HostName(host);
        if (name.Length <= 256 && Ascii.IsValid(name))
        {
            Span<char> lower = stackalloc char[name.Length];
            Ascii.ToLower(name, lower, out _);
            AppendQuoted(sb, lower);
            return;
        }

        AppendQuoted(sb, Headers.HostHeader.Split(host).Name.ToLowerInvariant());
    }

    /// <summary>The name part of <see cref="Headers.HostHeader.Split"/>, as a span.</summary>
    private static ReadOnlySpan<char> HostName(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close > 0 ? host.AsSpan(0, close + 1) : host;
        }

        var colon = host.LastIndexOf(':');
        return colon < 0 ? host : host.AsSpan(0, colon);
    }

    private static string PathAndQuery(string rawTarget)
    {
        if (rawTarget.StartsWith('/'))
        {
            return rawTarget;
        }

        var (path, query) = RequestFacts.SplitTarget(rawTarget);
        return query.Length == 0 ? path : path + "?" + query;
    }

    private static StringBuilder AppendQuotedField(StringBuilder sb, string? value)
    {
        sb.Append('"');
        if (string.IsNullOrEmpty(value))
        {
            sb.Append('-');
        }
        else
        {
            AppendQuoted(sb, value);
        }

        return sb.Append("\" ");
    }

    /// <summary>[EMU] A double quote or control character inside a quoted field is percent-encoded so the line still parses.</summary>
    private static void AppendQuoted(StringBuilder sb, ReadOnlySpan<char> value)
    {
        while (true)
        {
            var next = value.IndexOfAny(MustEscape);
            if (next < 0)
            {
                sb.Append(value);
                return;
            }

            sb.Append(value[..next]).Append('%').Append(HexUpper[value[next] >> 4]).Append(HexUpper[value[next] & 0xF]);
            value = value[(next + 1)..];
        }
    }

    private const string HexUpper = "0123456789ABCDEF";

    /// <summary>The characters <see cref="AppendQuoted"/> percent-encodes: <c>"</c>, C0 controls and DEL.</summary>
    private static readonly SearchValues<char> MustEscape = SearchValues.Create(
        "\"\u007F\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static StringBuilder AppendSeconds(StringBuilder sb, bool happened, long from, long to)
    {
        if (!happened)
        {
            return sb.Append("-1");
        }

        return AppendSeconds(sb, Math.Max(0, AlbRequestState.Seconds(from, to)));
    }

    /// <summary>
    /// <paramref name="seconds"/> (≥ 0) as <c>0.000</c> formats it, without parsing a custom format per field: below
    /// 999 s the milliseconds are rounded here unless the value lies within 10⁻⁹ s of a half millisecond, where the
    /// format's own rounding (of the 15 significant digits it keeps) decides.
    /// </summary>
    internal static StringBuilder AppendSeconds(StringBuilder sb, double seconds)
    {
        if (seconds is >= 0 and < 999)
        {
            var thousandths = seconds * 1000;
            var whole = Math.Floor(thousandths);
            var fraction = thousandths - whole;
            if (Math.Abs(fraction - 0.5) > 1e-6)
            {
                var milliseconds = (int)whole + (fraction > 0.5 ? 1 : 0);
                Span<char> text = stackalloc char[8];
                var length = 0;
                var integer = milliseconds / 1000;
                if (integer >= 100)
                {
                    text[length++] = (char)('0' + (integer / 100));
                }

                if (integer >= 10)
                {
                    text[length++] = (char)('0' + (integer / 10 % 10));
                }

                text[length++] = (char)('0' + (integer % 10));
                text[length++] = '.';
                var rest = milliseconds % 1000;
                text[length++] = (char)('0' + (rest / 100));
                text[length++] = (char)('0' + (rest / 10 % 10));
                text[length++] = (char)('0' + (rest % 10));
                return sb.Append(text[..length]);
            }
        }

        return sb.Append(CultureInfo.InvariantCulture, $"{seconds:0.000}");
    }

    private static StringBuilder AppendAddress(StringBuilder sb, IPAddress? address)
    {
        if (address is null)
        {
            return sb.Append('-');
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<char> text = stackalloc char[64];
        return address.TryFormat(text, out var written) ? sb.Append(text[..written]) : sb.Append(address.ToString());
    }

    /// <summary>Writes <paramref name="value"/> (non-negative) as exactly <c>destination.Length</c> digits, zero-padded.</summary>
    private static void WriteDigits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary><c>2018-07-02T22:23:00.186641Z</c>; request_creation_time has milliseconds padded with zeros (§1.2).</summary>
    private static StringBuilder AppendTimestamp(StringBuilder sb, DateTime utc, bool microseconds)
    {
        // Written digit by digit on the stack (custom DateTime/number formats can fall back to a string).
        Span<char> text = stackalloc char[26];
        WriteDigits(text[..4], utc.Year);
        text[4] = '-';
        WriteDigits(text.Slice(5, 2), utc.Month);
        text[7] = '-';
        WriteDigits(text.Slice(8, 2), utc.Day);
        text[10] = 'T';
        WriteDigits(text.Slice(11, 2), utc.Hour);
        text[13] = ':';
        WriteDigits(text.Slice(14, 2), utc.Minute);
        text[16] = ':';
        WriteDigits(text.Slice(17, 2), utc.Second);
        text[19] = '.';
        if (microseconds)
        {
            WriteDigits(text.Slice(20, 6), (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        }
        else
        {
            WriteDigits(text.Slice(20, 3), utc.Millisecond);
            "000".CopyTo(text[23..]);
        }

        sb.Append(text);
        return sb.Append('Z');
    }
}
