using System.Globalization;
using System.Text.RegularExpressions;

namespace AlbEmulator.Testing;

/// <summary>
/// One ALB access-log line, parsed with the regular expression AWS publishes for Athena (so a line that
/// parses here also loads in Athena). Fields are named after the ALB access-log fields; <c>-</c> becomes
/// null. <see cref="Line"/> keeps the raw text.
/// </summary>
public sealed partial record AlbAccessLogEntry
{
    /// <summary>The raw line as the emulator wrote it.</summary>
    public required string Line { get; init; }

    /// <summary><c>type</c>: <c>http</c>, <c>https</c>, <c>h2</c>, <c>grpcs</c>, <c>ws</c>, <c>wss</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>time</c>: when the response was sent.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary><c>elb</c>: <c>app/&lt;name&gt;/&lt;id&gt;</c>.</summary>
    public required string Elb { get; init; }

    /// <summary><c>client:port</c>, the address part.</summary>
    public required string ClientIp { get; init; }

    /// <summary><c>client:port</c>, the port part.</summary>
    public required int ClientPort { get; init; }

    /// <summary><c>target:port</c> as configured (<c>Id:Port</c>), or null when no target was chosen.</summary>
    public string? Target { get; init; }

    /// <summary><c>request_processing_time</c> in seconds (-1 when the request never reached a target).</summary>
    public required double RequestProcessingTime { get; init; }

    /// <summary><c>target_processing_time</c> in seconds (-1 when there was no complete target response).</summary>
    public required double TargetProcessingTime { get; init; }

    /// <summary><c>response_processing_time</c> in seconds.</summary>
    public required double ResponseProcessingTime { get; init; }

    /// <summary><c>elb_status_code</c>, or null when <c>-</c>.</summary>
    public int? ElbStatusCode { get; init; }

    /// <summary><c>target_status_code</c>, or null when <c>-</c> (no target response).</summary>
    public int? TargetStatusCode { get; init; }

    /// <summary><c>received_bytes</c>.</summary>
    public required long ReceivedBytes { get; init; }

    /// <summary><c>sent_bytes</c>.</summary>
    public required long SentBytes { get; init; }

    /// <summary><c>request</c>: <c>METHOD URL PROTOCOL</c>, e.g. <c>GET http://host:80/path HTTP/1.1</c>.</summary>
    public required string Request { get; init; }

    /// <summary>The method part of <see cref="Request"/>.</summary>
    public required string RequestMethod { get; init; }

    /// <summary>The URL part of <see cref="Request"/> (<c>scheme://host:port/path?query</c>).</summary>
    public required string RequestUrl { get; init; }

    /// <summary>The protocol part of <see cref="Request"/> (<c>HTTP/1.1</c>, <c>HTTP/2.0</c>).</summary>
    public required string RequestProtocol { get; init; }

    /// <summary><c>user_agent</c>, or null when <c>-</c>.</summary>
    public string? UserAgent { get; init; }

    /// <summary><c>ssl_cipher</c> (HTTPS listeners), or null.</summary>
    public string? SslCipher { get; init; }

    /// <summary><c>ssl_protocol</c> (HTTPS listeners), or null.</summary>
    public string? SslProtocol { get; init; }

    /// <summary><c>target_group_arn</c>, or null when the request was not forwarded.</summary>
    public string? TargetGroupArn { get; init; }

    /// <summary><c>trace_id</c>: the <c>X-Amzn-Trace-Id</c> value sent to the target.</summary>
    public string? TraceId { get; init; }

    /// <summary><c>domain_name</c>: the SNI name (HTTPS), or null.</summary>
    public string? DomainName { get; init; }

    /// <summary><c>chosen_cert_arn</c>, or null.</summary>
    public string? ChosenCertArn { get; init; }

    /// <summary><c>matched_rule_priority</c>: 0 for the default rule, null when no rule was evaluated (<c>-</c>).</summary>
    public int? MatchedRulePriority { get; init; }

    /// <summary><c>request_creation_time</c>.</summary>
    public DateTimeOffset? RequestCreationTime { get; init; }

    /// <summary><c>actions_executed</c>, split on commas (e.g. <c>waf</c>, <c>forward</c>, <c>redirect</c>, <c>fixed-response</c>); empty for <c>-</c>.</summary>
    public required IReadOnlyList<string> ActionsExecuted { get; init; }

    /// <summary><c>redirect_url</c>, or null.</summary>
    public string? RedirectUrl { get; init; }

    /// <summary><c>error_reason</c> (e.g. <c>TargetConnectionErrorCode</c>), or null.</summary>
    public string? ErrorReason { get; init; }

    /// <summary><c>target:port_list</c>, or null.</summary>
    public string? TargetPortList { get; init; }

    /// <summary><c>target_status_code_list</c>, or null.</summary>
    public string? TargetStatusCodeList { get; init; }

    /// <summary><c>classification</c> (desync mitigation: <c>Acceptable</c>, <c>Ambiguous</c>, <c>Severe</c>), or null.</summary>
    public string? Classification { get; init; }

    /// <summary><c>classification_reason</c>, or null.</summary>
    public string? ClassificationReason { get; init; }

    /// <summary><c>conn_trace_id</c>, or null.</summary>
    public string? ConnTraceId { get; init; }

    /// <summary><c>transformed_host</c> (field 31): the Host after a rule transform, or null.</summary>
    public string? TransformedHost { get; init; }

    /// <summary><c>transformed_uri</c> (field 32): the URI after a rule transform, or null.</summary>
    public string? TransformedUri { get; init; }

    /// <summary><c>request_transform_status</c> (field 33), or null.</summary>
    public string? RequestTransformStatus { get; init; }

    /// <summary><c>ip_address</c> (field 34): the load balancer node's IP, or null.</summary>
    public string? IpAddress { get; init; }

    /// <summary>
    /// Fields after <c>conn_trace_id</c> (31 onwards) as written, quotes kept: the Athena regex keeps them in
    /// its last group. Fields 35 and 36 are <c>"-"</c> in every real line; later ones are ignored, as ALB asks.
    /// </summary>
    public required IReadOnlyList<string> TrailingFields { get; init; }

    // The Athena table regex from the ALB documentation ("Querying Application Load Balancer logs").
    [GeneratedRegex("""^([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) "([^ ]*) (.*) (- |[^ ]*)" "([^"]*)" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^"]*)" ([-.0-9]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^ ]*)" "([^\s]+?)" "([^\s]+)" "([^ ]*)" "([^ ]*)" ?([^ ]*)? ?( .*)?$""")]
    private static partial Regex AthenaRegex();

    /// <summary>Parses a line; false when it does not match the Athena regex.</summary>
    public static bool TryParse(string line, out AlbAccessLogEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = AthenaRegex().Match(line);
        if (!match.Success)
        {
            entry = null;
            return false;
        }

        string G(int i) => match.Groups[i].Value;
        string? N(int i) => G(i) is "" or "-" ? null : G(i);
        int? Int(int i) => int.TryParse(G(i), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        double D(int i) => double.TryParse(G(i), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : -1;
        long L(int i) => long.TryParse(G(i), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
        DateTimeOffset? Time(int i) => DateTimeOffset.TryParse(G(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

        var trailing = Tokenize(G(35));
        string? T(int field) => trailing.Count > field - 31 && trailing[field - 31].Trim('"') is { } value && value is not ("" or "-") ? value : null;
        entry = new AlbAccessLogEntry
        {
            Line = line,
            Type = G(1),
            Time = Time(2) ?? DateTimeOffset.MinValue,
            Elb = G(3),
            ClientIp = G(4),
            ClientPort = Int(5) ?? 0,
            Target = N(6) is { } targetIp ? $"{targetIp}:{G(7)}" : null,
            RequestProcessingTime = D(8),
            TargetProcessingTime = D(9),
            ResponseProcessingTime = D(10),
            ElbStatusCode = Int(11),
            TargetStatusCode = Int(12),
            ReceivedBytes = L(13),
            SentBytes = L(14),
            Request = $"{G(15)} {G(16)} {G(17)}",
            RequestMethod = G(15),
            RequestUrl = G(16),
            RequestProtocol = G(17).Trim(),
            UserAgent = N(18),
            SslCipher = N(19),
            SslProtocol = N(20),
            TargetGroupArn = N(21),
            TraceId = N(22),
            DomainName = N(23),
            ChosenCertArn = N(24),
            MatchedRulePriority = Int(25),
            RequestCreationTime = Time(26),
            ActionsExecuted = N(27) is { } actions ? actions.Split(',') : [],
            RedirectUrl = N(28),
            ErrorReason = N(29),
            TargetPortList = N(30),
            TargetStatusCodeList = N(31),
            Classification = N(32),
            ClassificationReason = N(33),
            ConnTraceId = N(34),
            TransformedHost = T(31),
            TransformedUri = T(32),
            RequestTransformStatus = T(33),
            IpAddress = T(34),
            TrailingFields = trailing,
        };
        return true;
    }

    /// <summary>Splits space-separated fields; a field that starts with <c>"</c> runs to the next <c>"</c>.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            var end = text[i] == '"' ? text.IndexOf('"', i + 1) + 1 : text.IndexOf(' ', i);
            end = end <= 0 ? text.Length : end;
            tokens.Add(text[i..end]);
            i = end;
        }

        return tokens;
    }

    /// <summary>Parses a line; throws <see cref="FormatException"/> when it does not match the Athena regex.</summary>
    public static AlbAccessLogEntry Parse(string line) =>
        TryParse(line, out var entry) ? entry! : throw new FormatException("Not an ALB access-log line (the Athena regex does not match): " + line);
}
