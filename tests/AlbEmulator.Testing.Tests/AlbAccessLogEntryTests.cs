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

    [Fact]
    public void Parses_the_2026_shape_with_node_ip_and_the_two_trailing_fields()
    {
        var line = "https 2026-10-02T10:00:00.123456Z app/my-loadbalancer/50dc6c495c0c9188 203.0.113.7:51234 10.0.0.1:8080 0.001 0.012 0.000 200 200 512 1024 " +
            "\"GET https://www.example.com:443/api/items?id=1 HTTP/1.1\" \"Mozilla/5.0 (X11; Linux x86_64)\" TLS_AES_128_GCM_SHA256 TLSv1.3 " +
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-6907fa20-1a2b3c4d5e6f7a8b9c0d1e2f\" " +
            "\"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 3 2026-10-02T10:00:00.110000Z " +
            "\"forward\" \"-\" \"-\" \"10.0.0.1:8080\" \"200\" \"-\" \"-\" TID_3180a73013c8ca4bac2f731159d4b0fe \"new.example.com\" \"/v2/items?id=1\" \"-\" 10.0.0.250 \"-\" \"-\"";

        var entry = AlbAccessLogEntry.Parse(line);

        Assert.Equal("TID_3180a73013c8ca4bac2f731159d4b0fe", entry.ConnTraceId);
        Assert.Equal("new.example.com", entry.TransformedHost);
        Assert.Equal("/v2/items?id=1", entry.TransformedUri);
        Assert.Null(entry.RequestTransformStatus);
        Assert.Equal("10.0.0.250", entry.IpAddress);
        Assert.Equal(["\"new.example.com\"", "\"/v2/items?id=1\"", "\"-\"", "10.0.0.250", "\"-\"", "\"-\""], entry.TrailingFields);
        Assert.Equal("TLS_AES_128_GCM_SHA256", entry.SslCipher);
        Assert.Equal("TLSv1.3", entry.SslProtocol);
    }

    [Fact]
    public void Parses_older_shapes_without_the_newer_fields()
    {
        var entry = AlbAccessLogEntry.Parse(AwsExample);

        Assert.Null(entry.IpAddress);
        Assert.Null(entry.TransformedHost);
        Assert.Empty(entry.TrailingFields);
    }

    [Fact]
    public void Parses_a_malformed_request_line()
    {
        var entry = AlbAccessLogEntry.Parse(
            "http 2021-03-17T18:54:14.216357Z app/awseb-AWSEB-1KGU6EBAG3FAD/7f0dc2b05788640f 113.241.19.90:15070 - -1 -1 -1 400 - 0 272 " +
            "\"- http://awseb-awseb-1kgu6fbag3fad-640112591.us-east-1.elb.amazonaws.com:80- -\" \"-\" - - - \"-\" \"-\" \"-\" - 2021-03-17T18:54:13.967000Z " +
            "\"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166 \"-\" \"-\" \"-\" 10.0.0.250 \"-\" \"-\"");

        Assert.Equal("-", entry.RequestMethod);
        Assert.Equal("http://awseb-awseb-1kgu6fbag3fad-640112591.us-east-1.elb.amazonaws.com:80-", entry.RequestUrl);
        Assert.Null(entry.MatchedRulePriority);
        Assert.Equal("10.0.0.250", entry.IpAddress);
    }
}
