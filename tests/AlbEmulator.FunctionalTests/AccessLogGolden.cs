using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Golden access-log lines: a line is parsed with the Athena regex, then the parts that change from run
/// to run (times, ports, byte counts, trace and connection ids, certificate id, cipher) are replaced with
/// placeholders so the rest can be compared character for character.
/// </summary>
internal static partial class AccessLogGolden
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^\d+\.\d{3}$")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"^""Root=1-[0-9a-f]{8}-[0-9a-f]{24}""$")]
    private static partial Regex TraceId();

    [GeneratedRegex(@"^TID_[0-9a-f]{32}$")]
    private static partial Regex ConnTraceId();

    [GeneratedRegex(@"^""arn:aws:acm:us-east-1:123456789012:certificate/[0-9a-f-]{36}""$")]
    private static partial Regex CertificateArn();

    [GeneratedRegex(@"^[A-Z0-9_-]+$")]
    private static partial Regex Cipher();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex LoopbackPort();

    public static string Normalize(string line)
    {
        AccessLogLine.Parse(line);
        var tokens = Tokenize(line);
        Assert.Equal(AlbEmulator.AccessLogs.AccessLogFields.Count, tokens.Count);
        Replace(tokens, 1, Timestamp(), "<time>");
        Replace(tokens, 21, Timestamp(), "<time>");
        for (var i = 5; i <= 7; i++)
        {
            Replace(tokens, i, Seconds(), "<t>");
        }

        Assert.Matches("^[0-9]+$", tokens[10]);
        Assert.Matches("^[0-9]+$", tokens[11]);
        tokens[10] = tokens[11] = "<bytes>";
        Replace(tokens, 14, Cipher(), "<cipher>", except: "-");
        Replace(tokens, 17, TraceId(), "\"<trace>\"");
        Replace(tokens, 19, CertificateArn(), "\"<cert>\"");
        Replace(tokens, 29, ConnTraceId(), "<tid>");
        foreach (var i in new[] { 3, 4, 25 })
        {
            tokens[i] = LoopbackPort().Replace(tokens[i], "127.0.0.1:<port>");
        }

        return string.Join(' ', tokens);
    }

    private static void Replace(List<string> tokens, int index, Regex pattern, string placeholder, string? except = null)
    {
        if (tokens[index] == except || tokens[index] is "-" or "-1" or "\"-\"")
        {
            return;
        }

        Assert.Matches(pattern, tokens[index]);
        tokens[index] = placeholder;
    }

    private static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            var end = line[i] == '"' ? line.IndexOf('"', i + 1) + 1 : line.IndexOf(' ', i);
            end = end <= 0 ? line.Length : end;
            tokens.Add(line[i..end]);
            i = end + 1;
        }

        return tokens;
    }
}
