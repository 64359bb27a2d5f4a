using System.Text.RegularExpressions;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// Parses an access-log line with the official Athena regex (alb-observability-api.md §1.9), so every
/// test that reads a line also checks it would load in Athena.
/// </summary>
public sealed partial class AccessLogLine
{
    private readonly GroupCollection _groups;

    private AccessLogLine(GroupCollection groups, string raw)
    {
        _groups = groups;
        Raw = raw;
    }

    /// <summary>The line as written.</summary>
    public string Raw { get; }

    [GeneratedRegex("""^([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) "([^ ]*) (.*) (- |[^ ]*)" "([^"]*)" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^"]*)" ([-.0-9]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^ ]*)" "([^\s]+?)" "([^\s]+)" "([^ ]*)" "([^ ]*)" ?([^ ]*)? ?( .*)?$""")]
    public static partial Regex AthenaRegex();

    public static AccessLogLine Parse(string line)
    {
        var match = AthenaRegex().Match(line);
        Assert.True(match.Success, "Access-log line does not match the Athena regex: " + line);
        return new AccessLogLine(match.Groups, line);
    }

    public string Type => _groups[1].Value;
    public string Time => _groups[2].Value;
    public string Elb => _groups[3].Value;
    public string ClientIp => _groups[4].Value;
    public string TargetIp => _groups[6].Value;
    public string TargetPort => _groups[7].Value;
    public string RequestProcessingTime => _groups[8].Value;
    public string TargetProcessingTime => _groups[9].Value;
    public string ResponseProcessingTime => _groups[10].Value;
    public string ElbStatusCode => _groups[11].Value;
    public string TargetStatusCode => _groups[12].Value;
    public string ReceivedBytes => _groups[13].Value;
    public string SentBytes => _groups[14].Value;
    public string RequestVerb => _groups[15].Value;
    public string RequestUrl => _groups[16].Value;
    public string RequestProto => _groups[17].Value;
    public string UserAgent => _groups[18].Value;
    public string SslCipher => _groups[19].Value;
    public string SslProtocol => _groups[20].Value;
    public string TargetGroupArn => _groups[21].Value;
    public string TraceId => _groups[22].Value;
    public string DomainName => _groups[23].Value;
    public string ChosenCertArn => _groups[24].Value;
    public string MatchedRulePriority => _groups[25].Value;
    public string RequestCreationTime => _groups[26].Value;
    public string ActionsExecuted => _groups[27].Value;
    public string RedirectUrl => _groups[28].Value;
    public string ErrorReason => _groups[29].Value;
    public string TargetPortList => _groups[30].Value;
    public string TargetStatusCodeList => _groups[31].Value;
    public string Classification => _groups[32].Value;
    public string ClassificationReason => _groups[33].Value;
    public string ConnTraceId => _groups[34].Value;
}
