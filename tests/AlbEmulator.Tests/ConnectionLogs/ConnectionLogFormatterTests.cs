using System.Net;
using System.Text.RegularExpressions;
using AlbEmulator.ConnectionLogs;

namespace AlbEmulator.Tests.ConnectionLogs;

public sealed partial class ConnectionLogFormatterTests
{
    /// <summary>The published Athena regex for connection logs (alb-observability-api.md §2), unescaped.</summary>
    [GeneratedRegex("""^([^ ]*) ([^ ]*) ([0-9]*) ([0-9]*) ([A-Za-z0-9.-]*) ([^ ]*) ([-.0-9]*) "([^"]*)" ([^ ]*) ([^ ]*) ([^ ]*) ?([^ ]*)?( .*)?$""")]
    private static partial Regex AthenaRegex();

    private static readonly DateTime Time = new DateTime(2023, 10, 4, 17, 5, 15, DateTimeKind.Utc).AddTicks(5141080);

    [Fact]
    public void Success_MatchesTheAthenaRegex_WithEveryField()
    {
        var line = ConnectionLogFormatter.Format(Time, new IPEndPoint(IPAddress.Parse("203.0.113.1"), 36280), 443, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", 4.0361, "TID_3180a73013c8ca4bac2f731159d4b0fe", "app/my-lb/0123456789abcdef");

        Assert.Equal("2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 \"-\" - - Success TID_3180a73013c8ca4bac2f731159d4b0fe secp256r1 app/my-lb/0123456789abcdef 127.0.0.1", line);
        var match = AthenaRegex().Match(line);
        Assert.True(match.Success);
        Assert.Equal("4.036", match.Groups[7].Value);
        Assert.Equal("-", match.Groups[8].Value);
        Assert.Equal("Success", match.Groups[11].Value);
        Assert.Equal("TID_3180a73013c8ca4bac2f731159d4b0fe", match.Groups[12].Value);
    }

    [Fact]
    public void FailedHandshake_DashesAndFailedStatus()
    {
        var line = ConnectionLogFormatter.Format(Time, new IPEndPoint(IPAddress.Parse("::ffff:10.1.2.3"), 5), 8443, null, null, null, "TID_00000000000000000000000000000000", "app/x/0000000000000000");

        var match = AthenaRegex().Match(line);
        Assert.True(match.Success, line);
        Assert.Equal(("10.1.2.3", "-", "-", "-", "Failed:UnmappedConnectionError"), (match.Groups[2].Value, match.Groups[5].Value, match.Groups[6].Value, match.Groups[7].Value, match.Groups[11].Value));
        Assert.Equal(15, line.Split(' ').Length);
    }

    // Golden lines from the AWS connection-log examples (load-balancer-connection-logs.html, "Example
    // log entries"), extended with fields 13-15 as real 2026 lines carry them.

    [Fact]
    public void Golden_MutualTls_DocExample()
    {
        var cert = new ClientCertificateLogFields(
            "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US",
            new DateTimeOffset(2023, 9, 21, 22, 43, 21, TimeSpan.Zero),
            new DateTimeOffset(2026, 6, 17, 22, 43, 21, TimeSpan.Zero),
            "FEF257372D5C14D4",
            "Success");

        var line = ConnectionLogFormatter.Format(Time, new IPEndPoint(IPAddress.Parse("203.0.113.1"), 36280), 443, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", 4.036, "TID_3180a73013c8ca4bac2f731159d4b0fe", "app/my-loadbalancer/50dc6c495c0c9188", tls: true, nodeAddress: IPAddress.Parse("10.0.0.250"), clientCertificate: cert);

        Assert.Equal(
            "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 \"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z FEF257372D5C14D4 Success TID_3180a73013c8ca4bac2f731159d4b0fe secp256r1 app/my-loadbalancer/50dc6c495c0c9188 10.0.0.250",
            line);
        Assert.Matches(AthenaRegex(), line);
    }

    [Fact]
    public void Golden_MutualTls_Untrusted_DocExample()
    {
        var cert = new ClientCertificateLogFields(
            "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US",
            new DateTimeOffset(2023, 9, 21, 22, 43, 21, TimeSpan.Zero),
            new DateTimeOffset(2026, 6, 17, 22, 43, 21, TimeSpan.Zero),
            "FEF257372D5C14D4",
            "Failed:ClientCertUntrusted");

        var line = ConnectionLogFormatter.Format(Time, new IPEndPoint(IPAddress.Parse("203.0.113.1"), 36280), 443, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", null, "TID_1c71a68d70587445ad5127ff8b2687d7", "app/my-loadbalancer/50dc6c495c0c9188", tls: true, nodeAddress: IPAddress.Parse("10.0.0.250"), clientCertificate: cert);

        Assert.Equal(
            "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 - \"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z FEF257372D5C14D4 Failed:ClientCertUntrusted TID_1c71a68d70587445ad5127ff8b2687d7 - app/my-loadbalancer/50dc6c495c0c9188 10.0.0.250",
            line);
        Assert.Matches(AthenaRegex(), line);
    }

    [Fact]
    public void Golden_Tls_WithoutMutualTls()
    {
        var line = ConnectionLogFormatter.Format(Time, new IPEndPoint(IPAddress.Parse("203.0.113.1"), 36280), 443, "TLSv1.3", "TLS_AES_128_GCM_SHA256", 0.004, "TID_3180a73013c8ca4bac2f731159d4b0fe", "app/my-loadbalancer/50dc6c495c0c9188", tls: true, nodeAddress: IPAddress.Parse("10.0.0.250"));

        Assert.Equal(
            "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.3 TLS_AES_128_GCM_SHA256 0.004 \"-\" - - Success TID_3180a73013c8ca4bac2f731159d4b0fe secp256r1 app/my-loadbalancer/50dc6c495c0c9188 10.0.0.250",
            line);
        Assert.Matches(AthenaRegex(), line);
    }

    [Fact]
    public void Golden_PlainHttp()
    {
        var line = ConnectionLogFormatter.Format(Time, new IPEndPoint(IPAddress.Parse("203.0.113.1"), 36280), 80, null, null, null, "TID_3180a73013c8ca4bac2f731159d4b0fe", "app/my-loadbalancer/50dc6c495c0c9188", tls: false, nodeAddress: IPAddress.Parse("10.0.0.250"));

        Assert.Equal(
            "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 80 - - - \"-\" - - - TID_3180a73013c8ca4bac2f731159d4b0fe - app/my-loadbalancer/50dc6c495c0c9188 10.0.0.250",
            line);
        Assert.Matches(AthenaRegex(), line);
        Assert.Equal(15, line.Split(' ').Length);
    }
}
