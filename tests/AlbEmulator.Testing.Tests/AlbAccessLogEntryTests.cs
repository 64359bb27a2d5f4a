namespace AlbEmulator.Testing.Tests;

public sealed class AlbAccessLogEntryTests
{
    // The "HTTP entry" example from the ALB access-log documentation, plus the newer trailing fields.
    private const string AwsExample =
        "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 " +
        "\"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - " +
        "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 " +
        "\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd";

    [Fact]
    public void Parses_the_AWS_documentation_example()
    {
        var entry = AlbAccessLogEntry.Parse(AwsExample);

        Assert.Equal("http", entry.Type);
        Assert.Equal(new DateTimeOffset(2018, 7, 2, 22, 23, 0, 186, TimeSpan.Zero).AddTicks(6410), entry.Time);
        Assert.Equal("192.168.131.39", entry.ClientIp);
        Assert.Equal(2817, entry.ClientPort);
        Assert.Equal("10.0.0.1:80", entry.Target);
        Assert.Equal(0.001, entry.TargetProcessingTime);
        Assert.Equal(200, entry.ElbStatusCode);
        Assert.Equal(200, entry.TargetStatusCode);
        Assert.Equal(34, entry.ReceivedBytes);
        Assert.Equal(366, entry.SentBytes);
        Assert.Equal("GET http://www.example.com:80/ HTTP/1.1", entry.Request);
        Assert.Equal("GET", entry.RequestMethod);
        Assert.Equal("http://www.example.com:80/", entry.RequestUrl);
        Assert.Equal("HTTP/1.1", entry.RequestProtocol);
        Assert.Equal("curl/7.46.0", entry.UserAgent);
        Assert.Null(entry.SslCipher);
        Assert.Equal("Root=1-58337262-36d228ad5d99923122bbe354", entry.TraceId);
        Assert.Equal(0, entry.MatchedRulePriority);
        Assert.Equal(["forward"], entry.ActionsExecuted);
        Assert.Null(entry.ErrorReason);
        Assert.Equal("TID_1234abcd", entry.ConnTraceId);
    }

    [Fact]
    public void Dashes_become_null_and_several_actions_are_split()
    {
        var line = AwsExample
            .Replace("10.0.0.1:80 0.000 0.001 0.000 200 200", "- -1 -1 -1 503 -", StringComparison.Ordinal)
            .Replace("\"forward\" \"-\" \"-\"", "\"waf,forward\" \"-\" \"TargetConnectionErrorCode\"", StringComparison.Ordinal);

        var entry = AlbAccessLogEntry.Parse(line);

        Assert.Null(entry.Target);
        Assert.Equal(-1, entry.RequestProcessingTime);
        Assert.Equal(503, entry.ElbStatusCode);
        Assert.Null(entry.TargetStatusCode);
        Assert.Equal(["waf", "forward"], entry.ActionsExecuted);
        Assert.Equal("TargetConnectionErrorCode", entry.ErrorReason);
    }

    [Fact]
    public void A_line_that_is_not_an_access_log_line_is_refused()
    {
        Assert.False(AlbAccessLogEntry.TryParse("hello", out var entry));
        Assert.Null(entry);
        Assert.Throws<FormatException>(() => AlbAccessLogEntry.Parse("hello"));
    }
}
