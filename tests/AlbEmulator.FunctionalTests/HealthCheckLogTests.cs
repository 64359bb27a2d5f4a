using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary><c>health_check_logs.s3.*</c> (alb-observability-api.md §1.10): one line per health check, in 5-minute gzip files.</summary>
public sealed class HealthCheckLogTests : IAsyncLifetime
{
    private readonly string _directory = LogFiles.NewTempDirectory("hclog");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private static string Config(bool enabled, int healthyPort, int unhealthyPort) => $$"""
        {
          "LoadBalancer": { "Name": "hclog", "LoadBalancerAttributes": [
            { "Key": "health_check_logs.s3.enabled", "Value": "{{(enabled ? "true" : "false")}}" },
            { "Key": "health_check_logs.s3.bucket", "Value": "hc-bucket" },
            { "Key": "health_check_logs.s3.prefix", "Value": "team/alb" } ] },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
          "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [
            { "Id": "127.0.0.1", "Port": {{healthyPort}} }, { "Id": "127.0.0.1", "Port": {{unhealthyPort}} } ] } ]
        }
        """;

    /// <summary>A backend whose health checks get 404.</summary>
    private static Task<TestBackend> StartUnhealthyAsync() => TestBackend.StartAsync("bad", healthCheck: context =>
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    });

    private Task<AlbTestEnvironment> StartAsync(bool enabled, int healthyPort, int unhealthyPort) =>
        AlbTestEnvironment.StartAsync(Config(enabled, healthyPort, unhealthyPort), _directory, o => o.HealthChecks.IntervalOverride = TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task Enabled_OneLinePerCheck_InHealthCheckLogGzipFiles_PassAndFail()
    {
        await using var healthy = await TestBackend.StartAsync("ok");
        await using var unhealthy = await StartUnhealthyAsync();
        var env = await StartAsync(true, healthy.Port, unhealthy.Port);
        var live = new ConcurrentQueue<string>();
        env.Server.Observability.HealthCheckLog.LineWritten += live.Enqueue;
        try
        {
            await Eventually.UntilAsync(
                () => live.Count(l => l.Contains(" PASS ", StringComparison.Ordinal)) >= 2 && live.Count(l => l.Contains(" FAIL ", StringComparison.Ordinal)) >= 2,
                "two PASS and two FAIL health-check-log lines");
        }
        finally
        {
            await env.DisposeAsync();
        }

        var lines = LogFiles.ReadS3LayoutLines(
            Path.Combine(_directory, "hc-bucket"), "team/alb", @"^health_check_log_123456789012_elasticloadbalancing_us-east-1_app\.hclog\.[0-9a-f]{16}_\d{8}T\d{4}Z_127\.0\.0\.1_[a-z0-9]{8}\.log\.gz$");
        Assert.True(lines.Count >= 4, $"{lines.Count} lines");
        Assert.Contains(lines, l => Regex.IsMatch(l, LinePattern(healthy.Port, "PASS 200 -")));
        Assert.Contains(lines, l => Regex.IsMatch(l, LinePattern(unhealthy.Port, "FAIL 404 ResponseCodeMismatch")));
        Assert.All(lines, l => Assert.Equal(10, l.Split(' ').Length));
        Assert.DoesNotContain(lines, l => l.Contains($":{healthy.Port} web FAIL", StringComparison.Ordinal) || l.Contains($":{unhealthy.Port} web PASS", StringComparison.Ordinal));
    }

    private static string LinePattern(int port, string outcome) =>
        @"^http \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \d+\.\d{9} 127\.0\.0\.1:" + port.ToString(CultureInfo.InvariantCulture) + " web " + outcome + @" app/hclog/[0-9a-f]{16} 127\.0\.0\.1$";

    [Fact]
    public async Task LambdaTarget_LineNamesTheFunctionArn_AndItsStatusCode()
    {
        const string arn = "arn:aws:lambda:us-east-1:123456789012:function:hc-fn";
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":204}""");
        var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "hclog", "LoadBalancerAttributes": [
                { "Key": "health_check_logs.s3.enabled", "Value": "true" },
                { "Key": "health_check_logs.s3.bucket", "Value": "hc-bucket" } ] },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "fn" } ] } ],
              "TargetGroups": [ { "Name": "fn", "TargetType": "lambda", "HealthCheckEnabled": true, "Matcher": { "HttpCode": "200-299" },
                "Targets": [ { "Id": "{{arn}}", "LambdaEndpoint": "{{fn.Endpoint}}" } ] } ]
            }
            """, _directory, o => o.HealthChecks.IntervalOverride = TimeSpan.FromMilliseconds(100));
        var live = new ConcurrentQueue<string>();
        env.Server.Observability.HealthCheckLog.LineWritten += live.Enqueue;
        try
        {
            await Eventually.UntilAsync(() => !live.IsEmpty, "a health-check-log line");
        }
        finally
        {
            await env.DisposeAsync();
        }

        var lines = LogFiles.ReadLines(LogFiles.Find(Path.Combine(_directory, "hc-bucket")));
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^lambda \S+Z \d+\.\d{9} " + Regex.Escape(arn) + @" fn PASS 204 - app/hclog/[0-9a-f]{16} 127\.0\.0\.1$", l));
    }

    [Fact]
    public async Task Disabled_NothingFormattedNorWritten()
    {
        await using var healthy = await TestBackend.StartAsync("ok");
        await using var unhealthy = await StartUnhealthyAsync();
        var env = await StartAsync(false, healthy.Port, unhealthy.Port);
        try
        {
            Assert.False(env.Server.Observability.HealthCheckLog.HasConsumers);
            Assert.Empty(env.Server.Observability.HealthCheckLogDirectories);
            await Eventually.UntilAsync(() => healthy.HealthCheckCount >= 3 && unhealthy.HealthCheckCount >= 3, "three checks of each target");
        }
        finally
        {
            await env.DisposeAsync();
        }

        Assert.False(Directory.Exists(Path.Combine(_directory, "hc-bucket")));
    }
}
