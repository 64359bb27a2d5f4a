using System.Text;
using System.Text.RegularExpressions;
using AlbEmulator.Desync;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Two load balancers in one process, over raw sockets (config-format §4): each answers by its own rules with the
/// exact bytes of ALB's fixed response, closes idle connections by its own <c>idle_timeout.timeout_seconds</c>,
/// judges requests by its own <c>routing.http.desync_mitigation_mode</c>, names itself in the access log's
/// <c>elb</c> field, and delivers its own S3-layout log files under its own prefix with AWS's object key naming,
/// each holding only its own lines.
/// </summary>
public sealed partial class TwoLoadBalancerTests : IAsyncLifetime
{
    private readonly string _directory = LogFiles.NewTempDirectory("two-lbs");
    private TestBackend _backend = null!;
    private AlbTestEnvironment _env = null!;

    public async Task InitializeAsync()
    {
        _backend = await Exchange.StartLengthDelimitedBackendAsync("web");
        _env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancers": [
                { "Name": "alpha", "LoadBalancerAttributes": [ {{TestConfig.Attributes(
                    ("idle_timeout.timeout_seconds", "1"), ("routing.http.desync_mitigation_mode", "strictest"),
                    ("access_logs.s3.enabled", "true"), ("access_logs.s3.bucket", "bucket"), ("access_logs.s3.prefix", "alpha-logs"))}} ],
                  "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("alpha-web")}} ],
                    "Rules": [ {{WhoRule("alpha")}} ] } ] },
                { "Name": "beta", "LoadBalancerAttributes": [ {{TestConfig.Attributes(
                    ("access_logs.s3.enabled", "true"), ("access_logs.s3.bucket", "bucket"), ("access_logs.s3.prefix", "beta-logs"))}} ],
                  "Listeners": [ { "Port": 8081, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("beta-web")}} ],
                    "Rules": [ {{WhoRule("beta")}} ] } ] }
              ],
              "TargetGroups": [ {{TestConfig.TargetGroup("alpha-web", _backend)}}, {{TestConfig.TargetGroup("beta-web", _backend)}} ]
            }
            """, _directory);
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _backend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static string WhoRule(string name) =>
        $$"""{ "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/who" ] } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "{{name}}" } } ] }""";

    private string FullName(string lb) => _env.Server.Runtime.Current.FindLoadBalancer(lb)!.Identifiers.LoadBalancerFullName;

    [Fact]
    public async Task Each_load_balancer_answers_by_its_own_rules_with_the_exact_bytes_and_its_own_elb_field()
    {
        foreach (var (port, name) in new[] { (8080, "alpha"), (8081, "beta") })
        {
            await using var connection = await RawHttpConnection.ConnectAsync(_env.Listener(port));
            await connection.SendAsync("GET /who HTTP/1.1\r\nHost: two.test\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.Equal(
                "HTTP/1.1 200 OK\r\nServer: awselb/2.0\r\nDate: <date>\r\nContent-Type: text/plain; charset=utf-8\r\n" +
                $"Content-Length: {name.Length}\r\nConnection: keep-alive\r\n\r\n{name}",
                DateValue().Replace(response.Raw, "Date: <date>\r\n"));

            var line = AccessLogLine.Parse(await _env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal)));
            Assert.Equal(FullName(name), line.Elb);
            Assert.Equal("1", line.MatchedRulePriority);
        }

        Assert.NotEqual(FullName("alpha"), FullName("beta"));
    }

    [Fact]
    public async Task Each_load_balancer_closes_idle_connections_by_its_own_idle_timeout()
    {
        await using var alpha = await RawHttpConnection.ConnectAsync(_env.Listener(8080));
        await using var beta = await RawHttpConnection.ConnectAsync(_env.Listener(8081));
        foreach (var connection in new[] { alpha, beta })
        {
            await connection.SendAsync("GET /who HTTP/1.1\r\nHost: two.test\r\n\r\n");
            Assert.Equal(200, (await connection.ReadResponseAsync()).StatusCode);
        }

        // alpha's 1 s idle timeout closes its connection; beta (60 s, the default) still answers on its own afterwards.
        Assert.True(await alpha.IsClosedByServerAsync(TimeSpan.FromSeconds(15)), "alpha kept an idle connection open past its 1 s idle timeout");
        await beta.SendAsync("GET /who HTTP/1.1\r\nHost: two.test\r\n\r\n");
        var response = await beta.ReadResponseAsync();
        Assert.Equal((200, "beta"), (response.StatusCode, response.BodyText));
    }

    [Fact]
    public async Task Each_load_balancer_applies_its_own_desync_mitigation_mode()
    {
        // A header name with a trailing space: "Acceptable" (http-desync-guardian). strictest blocks it, defensive forwards it.
        const string request = "PUT /foo HTTP/1.1\r\nHost: two.test\r\nx-custom-header : value\r\nContent-Length: 0\r\n\r\n";
        Assert.Equal(DesyncTier.Acceptable, HttpDesyncClassifier.Classify(Encoding.Latin1.GetBytes(request)).Tier);

        await using (var alpha = await RawHttpConnection.ConnectAsync(_env.Listener(8080)))
        {
            await alpha.SendAsync(request);
            var blocked = await alpha.ReadResponseAsync();
            Assert.StartsWith("HTTP/1.1 400 Bad Request\r\nServer: awselb/2.0\r\n", blocked.Raw, StringComparison.Ordinal);
            Assert.True(await alpha.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
            var line = AccessLogLine.Parse(await _env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{alpha.LocalPort} ", StringComparison.Ordinal)));
            Assert.Equal((FullName("alpha"), "400", "Acceptable"), (line.Elb, line.ElbStatusCode, line.Classification));
        }

        await using var beta = await RawHttpConnection.ConnectAsync(_env.Listener(8081));
        await beta.SendAsync(request);
        var forwarded = await beta.ReadResponseAsync();
        Assert.Equal(200, forwarded.StatusCode);
        Assert.True(Exchange.IsTargetGroup(AccessLogLine.Parse(await _env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{beta.LocalPort} ", StringComparison.Ordinal))), "beta-web"));
        var betaLine = AccessLogLine.Parse(await _env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{beta.LocalPort} ", StringComparison.Ordinal)));
        Assert.Equal((FullName("beta"), "200", "Acceptable"), (betaLine.Elb, betaLine.ElbStatusCode, betaLine.Classification));
    }

    [Fact]
    public async Task Each_load_balancer_writes_its_own_S3_log_files_with_AWS_object_keys()
    {
        using var alpha = _env.CreateClient(8080);
        using var beta = _env.CreateClient(8081);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("alpha", await alpha.GetStringAsync($"/who?n={i}"));
            Assert.Equal("beta", await beta.GetStringAsync($"/who?n={i}"));
        }

        // Stopping finishes every open file (as the end of the 5-minute interval does).
        await _env.Server.StopAsync();

        foreach (var name in new[] { "alpha", "beta" })
        {
            var identifiers = _env.Server.Runtime.Current.FindLoadBalancer(name)!.Identifiers;
            var root = Path.Combine(_directory, "bucket", $"{name}-logs");
            var files = LogFiles.Find(root);
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                // AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/<account>_elasticloadbalancing_<region>_app.<name>.<id>_<end>_<ip>_<random>.log.gz
                var key = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                Assert.Matches(
                    $@"^AWSLogs/123456789012/elasticloadbalancing/us-east-1/\d{{4}}/\d{{2}}/\d{{2}}/123456789012_elasticloadbalancing_us-east-1_app\.{name}\.{identifiers.LoadBalancerId}_\d{{8}}T\d{{4}}Z_127\.0\.0\.1_[a-z0-9]{{8}}\.log\.gz$",
                    key);
            }

            var lines = LogFiles.ReadLines(files).Select(AccessLogLine.Parse).ToList();
            Assert.Equal(3, lines.Count(l => l.RequestUrl.Contains("/who?n=", StringComparison.Ordinal)));
            Assert.All(lines, l => Assert.Equal(identifiers.LoadBalancerFullName, l.Elb));
        }
    }

    [GeneratedRegex(@"Date: [^\r]*\r\n")]
    private static partial Regex DateValue();
}
