using System.Collections.Concurrent;
using System.Diagnostics;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Bounded load on loopback (thousands of requests, some failing): exactly one access-log line per
/// request in the S3-layout gzip files, metric counters that agree with the log, and goaccess
/// (<c>--log-format=AWSALB</c>) parsing every line.
/// </summary>
public sealed class AccessLogLoadTests : IAsyncLifetime
{
    private readonly string _directory = LogFiles.NewTempDirectory("load");
    private TestBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await TestBackend.StartAsync("web");

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<AlbTestEnvironment> StartAsync(Action<AlbEmulator.Hosting.AlbEmulatorOptions>? configure = null) => AlbTestEnvironment.StartAsync($$"""
        {
          "LoadBalancer": { "Name": "load", "LoadBalancerAttributes": [
            { "Key": "access_logs.s3.enabled", "Value": "true" },
            { "Key": "access_logs.s3.bucket", "Value": "bucket" },
            { "Key": "access_logs.s3.prefix", "Value": "load" } ] },
          "Listeners": [
            { "Port": 8080, "Protocol": "HTTP",
              "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
              "Rules": [
                { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/fixed" ] } ],
                  "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404" } } ] },
                { "Priority": 2, "Conditions": [ { "Field": "path-pattern", "Values": [ "/empty" ] } ],
                  "Actions": [ { "Type": "forward", "TargetGroupName": "empty" } ] },
                { "Priority": 3, "Conditions": [ { "Field": "path-pattern", "Values": [ "/closed" ] } ],
                  "Actions": [ { "Type": "forward", "TargetGroupName": "closed" } ] }
              ] },
            { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] }
          ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{_backend.Port}} } ] },
            { "Name": "empty", "Protocol": "HTTP", "Port": 80 },
            { "Name": "closed", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{AccessLogFixture.ClosedPort()}} } ] }
          ]
        }
        """, _directory, configure);

    private static readonly string[] Paths = ["/ok", "/fixed", "/empty", "/closed"];

    private static async Task<ConcurrentDictionary<int, int>> RunAsync(AlbTestEnvironment env, int port, int requests, int concurrency, string tag)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        using var client = env.CreateClient(port);
        await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var response = await client.GetAsync($"{Paths[i % Paths.Length]}?{tag}={i}", ct);
            await response.Content.LoadIntoBufferAsync(ct);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        });
        return statuses;
    }

    [Fact]
    public async Task Load_3000Requests_OneLinePerRequest_MetricsAgreeWithTheLog()
    {
        const int Requests = 3000;
        var env = await StartAsync();
        ConcurrentDictionary<int, int> statuses;
        var metrics = new Dictionary<string, double>();
        try
        {
            var watch = Stopwatch.StartNew();
            statuses = await RunAsync(env, 8080, Requests, 32, "n");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"load took {watch.Elapsed}");
            await Eventually.UntilAsync(() => env.AccessLogLines.Count >= Requests, $"{Requests} access-log lines");

            foreach (var name in new[] { "RequestCount", "HTTPCode_ELB_4XX_Count", "HTTPCode_ELB_5XX_Count", "HTTPCode_ELB_502_Count", "HTTPCode_ELB_503_Count", "HTTPCode_Target_2XX_Count", "HTTP_Fixed_Response_Count", "TargetConnectionErrorCount", "TargetResponseTime", "ProcessedBytes" })
            {
                metrics[name] = env.Server.Observability.Collector.Total(name);
            }
        }
        finally
        {
            await env.DisposeAsync();
        }

        Assert.Equal(Requests / 4, statuses[200]);
        Assert.Equal(Requests / 4, statuses[404]);
        Assert.Equal(Requests / 4, statuses[503]);
        Assert.Equal(Requests / 4, statuses[502]);

        var lines = LogFiles.ReadLines(LogFiles.Find(Path.Combine(_directory, "bucket", "load", "AWSLogs"))).Select(AccessLogLine.Parse).ToList();
        Assert.Equal(Requests, lines.Count);
        var numbers = lines.Select(l => int.Parse(l.RequestUrl[(l.RequestUrl.IndexOf("?n=", StringComparison.Ordinal) + 3)..])).Order();
        Assert.Equal(Enumerable.Range(0, Requests), numbers);

        // RequestCount: a target was chosen (the target field is set: 200s and 502s, not the fixed 404s or the 503s without targets).
        Assert.Equal(lines.Count(l => l.TargetIp.Length > 0), metrics["RequestCount"]);
        Assert.Equal(lines.Count(l => l.TargetStatusCode == "-" && l.ElbStatusCode.StartsWith('4')), metrics["HTTPCode_ELB_4XX_Count"]);
        Assert.Equal(lines.Count(l => l.TargetStatusCode == "-" && l.ElbStatusCode.StartsWith('5')), metrics["HTTPCode_ELB_5XX_Count"]);
        Assert.Equal(lines.Count(l => l.ElbStatusCode == "502"), metrics["HTTPCode_ELB_502_Count"]);
        Assert.Equal(lines.Count(l => l.ElbStatusCode == "503"), metrics["HTTPCode_ELB_503_Count"]);
        Assert.Equal(lines.Count(l => l.TargetStatusCode.StartsWith('2')), metrics["HTTPCode_Target_2XX_Count"]);
        Assert.Equal(lines.Count(l => l.ActionsExecuted == "fixed-response"), metrics["HTTP_Fixed_Response_Count"]);
        Assert.Equal(lines.Count(l => l.ElbStatusCode == "502"), metrics["TargetConnectionErrorCount"]);
        Assert.Equal(lines.Count(l => l.TargetProcessingTime != "-1"), metrics["TargetResponseTime"]);
        Assert.Equal(Requests / 2, metrics["RequestCount"]);
        Assert.Equal(Requests / 4, metrics["HTTPCode_Target_2XX_Count"]);
        Assert.True(metrics["ProcessedBytes"] > 0);
    }

    [Fact]
    public async Task GoAccess_AwsAlbFormat_ParsesEveryLine()
    {
        var textLog = Path.Combine(_directory, "access.log");
        var env = await StartAsync(o => o.AccessLogPath = textLog);
        try
        {
            await RunAsync(env, 8080, 300, 8, "g");
            await RunAsync(env, 8443, 100, 4, "s");
        }
        finally
        {
            await env.DisposeAsync();
        }

        var lines = File.ReadAllLines(textLog);
        Assert.Equal(400, lines.Length);
        Assert.All(lines, l => AccessLogLine.Parse(l));

        var (valid, failed) = await GoAccess.ParseAsync(textLog, _directory);
        Assert.Equal(0, failed);
        Assert.Equal(lines.Length, valid);
    }
}
