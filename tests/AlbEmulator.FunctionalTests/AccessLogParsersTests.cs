using System.Net;
using System.Net.Http.Headers;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// A mixed access log, as a log pipeline meets it: lines in every shape ALB has written (the documented
/// 2018 examples with 29 fields, real lines with <c>conn_trace_id</c>, 34-field lines with the node IP)
/// followed by lines the emulator wrote for every outcome it produces. The newest Athena regex of the AWS
/// documentation and goaccess's <c>AWSALB</c> format must both accept every line (the fixture's parser,
/// AlbAccessLogEntry, is run over the same shapes in AlbEmulator.Testing.Tests).
/// </summary>
public sealed class AccessLogParsersTests(AccessLogFixture fixture) : IClassFixture<AccessLogFixture>
{
    /// <summary>Lines in the shapes ALB wrote before 2026 (alb-observability-api.md §1.8).</summary>
    public static readonly string[] OlderShapes =
    [
        // AWS documentation examples (29 fields).
        "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"",
        "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"",
        "h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 \"GET https://10.0.2.105:773/ HTTP/2.0\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337327-72bd00b0343d75b906739c42\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"redirect\" \"https://example.com:80/\" \"-\" \"10.0.0.66:9000\" \"200\" \"-\" \"-\"",
        "ws 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.0.140:40914 10.0.1.192:8010 0.001 0.003 0.000 101 101 218 587 \"GET http://10.0.0.30:80/ HTTP/1.1\" \"-\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.1.192:8010\" \"101\" \"-\" \"-\"",
        "http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 0 2018-11-30T22:22:48.364000Z \"forward\" \"-\" \"LambdaInvalidResponse\" \"-\" \"-\" \"-\" \"-\"",
        // Real lines with conn_trace_id (30 fields), among them a malformed request.
        "http 2021-03-17T18:54:14.216357Z app/awseb-AWSEB-1KGU6EBAG3FAD/7f0dc2b05788640f 113.241.19.90:15070 - -1 -1 -1 400 - 0 272 \"- http://awseb-awseb-1kgu6fbag3fad-640112591.us-east-1.elb.amazonaws.com:80- -\" \"-\" - - - \"-\" \"-\" \"-\" - 2021-03-17T18:54:13.967000Z \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166",
        "https 2021-03-16T20:20:00.135052Z app/awseb-AWSEB-1MVD8OW91UMOH/a32a5528b8fdaa6b 10.209.14.140:50599 10.119.5.47:80 0.001 0.052 0.000 200 200 589 2084 \"POST https://test.domain.com:443/api/deposits/transactions:search?detailsLevel=FULL&offset=0&limit=50 HTTP/1.1\" \"User 1.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:755269215481:targetgroup/awseb-AWSEB-91MZX0WA1A0F/5a03cc723870f039 \"Root=1-605112f0-31f367be4fd3da651daa4157\" \"some.domain.com\" \"arn:aws:acm:us-east-1:765229915481:certificate/d8450a8a-b4f6-4714-8535-17c625c36899\" 0 2021-03-16T20:20:00.081000Z \"waf,forward\" \"-\" \"-\" \"10.229.5.47:80\" \"200\" \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166",
        // 34 fields: transforms and the node IP.
        "https 2025-11-02T10:00:00.123456Z app/my-loadbalancer/50dc6c495c0c9188 203.0.113.7:51234 10.0.0.1:8080 0.001 0.012 0.000 200 200 512 1024 \"GET https://www.example.com:443/api/items?id=1 HTTP/1.1\" \"Mozilla/5.0 (X11; Linux x86_64)\" TLS_AES_128_GCM_SHA256 TLSv1.3 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-6907fa20-1a2b3c4d5e6f7a8b9c0d1e2f\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 3 2025-11-02T10:00:00.110000Z \"forward\" \"-\" \"-\" \"10.0.0.1:8080\" \"200\" \"-\" \"-\" TID_3180a73013c8ca4bac2f731159d4b0fe \"-\" \"-\" \"-\" 10.0.0.250",
    ];

    [Fact]
    public async Task MixedLog_NewestAthenaRegex_AndGoAccess_AcceptEveryLine()
    {
        var marker = "/mixed-" + Guid.NewGuid().ToString("N")[..8];
        var env = fixture.Env;
        using (var http = env.CreateClient(8080))
        {
            (await http.GetAsync(marker + "/ok")).Dispose();
            (await http.GetAsync("/fixed?m=" + marker[1..])).Dispose();
            (await http.GetAsync("/redirect?m=" + marker[1..])).Dispose();
            (await http.GetAsync("/empty?m=" + marker[1..])).Dispose();
            (await http.GetAsync("/closed?m=" + marker[1..])).Dispose();
            using var xff = new HttpRequestMessage(HttpMethod.Get, marker + "/xff");
            xff.Headers.TryAddWithoutValidation("X-Forwarded-For", string.Join(", ", Enumerable.Range(1, 31).Select(i => $"10.0.0.{i}")));
            (await http.SendAsync(xff)).Dispose();
            (await http.SendAsync(new HttpRequestMessage(HttpMethod.Trace, marker + "/trace"))).Dispose();
        }

        using (var https = env.CreateClient(8443))
        {
            (await https.GetAsync(marker + "/tls")).Dispose();
        }

        using (var h2 = env.CreateClient(8443, HttpVersion.Version20))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, marker + "/h2") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            (await h2.SendAsync(request)).Dispose();
            using var grpc = new HttpRequestMessage(HttpMethod.Post, "/pkg.Mixed/Call?m=" + marker[1..]) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            grpc.Content = new ByteArrayContent([0, 0, 0, 0, 0]);
            grpc.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            grpc.Headers.TryAddWithoutValidation("TE", "trailers");
            (await h2.SendAsync(grpc)).Dispose();
        }

        await using (var raw = await RawHttpConnection.ConnectAsync(env.Listener(8080)))
        {
            await raw.SendAsync($"GET {marker}/http10 HTTP/1.0\r\nHost: www.example.com\r\n\r\n");
            await raw.ReadResponseAsync(timeout: TimeSpan.FromSeconds(10));
        }

        int malformedPort;
        await using (var raw = await RawHttpConnection.ConnectAsync(env.Listener(8080)))
        {
            malformedPort = raw.LocalPort;
            await raw.SendAsync("\u0001\u0002 garbage\r\n\r\n");
            await raw.ReadResponseAsync(timeout: TimeSpan.FromSeconds(10));
        }

        var m = marker[1..];
        var emulated = new List<string>();
        var needles = new[] { "/fixed?m=", "/redirect?m=", "/empty?m=", "/closed?m=", "/pkg.Mixed/Call?m=" }.Select(n => n + m + " ")
            .Concat(new[] { "/ok ", "/xff ", "/trace ", "/tls ", "/h2 ", "/http10 " }.Select(n => marker + n));
        foreach (var needle in needles)
        {
            emulated.Add(await env.WaitForAccessLogAsync(l => l.Contains(needle, StringComparison.Ordinal)));
        }

        emulated.Add(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{malformedPort} ", StringComparison.Ordinal)));

        Assert.Contains(emulated, l => l.StartsWith("grpcs ", StringComparison.Ordinal));
        Assert.Contains(emulated, l => l.StartsWith("h2 ", StringComparison.Ordinal));
        Assert.Contains(emulated, l => l.Contains(" HTTP/1.0\" ", StringComparison.Ordinal));
        Assert.Contains(emulated, l => l.Contains("\"- http://", StringComparison.Ordinal) && l.Contains(":8080- -\"", StringComparison.Ordinal));
        foreach (var line in emulated)
        {
            // The Athena regex keeps fields 31-36 in its last group (" .*").
            Assert.Equal(6, AccessLogLine.AthenaRegex().Match(line).Groups[35].Value.Count(c => c == ' '));
            Assert.EndsWith(" 127.0.0.1 \"-\" \"-\"", line, StringComparison.Ordinal);
        }

        var all = OlderShapes.Concat(emulated).ToList();
        Assert.All(all, l => AccessLogLine.Parse(l));

        var directory = LogFiles.NewTempDirectory("mixed");
        try
        {
            var path = Path.Combine(directory, "mixed.log");
            await File.WriteAllLinesAsync(path, all);
            var (valid, failed) = await GoAccess.ParseAsync(path, directory);
            Assert.Equal((all.Count, 0), (valid, failed));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
