using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

public sealed partial class ConnectionLogTests : IAsyncLifetime
{
    private readonly string _directory = LogFiles.NewTempDirectory("connlog");

    /// <summary>The published Athena regex for connection logs (alb-observability-api.md §2), unescaped.</summary>
    [GeneratedRegex("""^([^ ]*) ([^ ]*) ([0-9]*) ([0-9]*) ([A-Za-z0-9.-]*) ([^ ]*) ([-.0-9]*) "([^"]*)" ([^ ]*) ([^ ]*) ([^ ]*) ?([^ ]*)?( .*)?$""")]
    private static partial Regex ConnectionLogRegex();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryListener_OneEntryPerConnectionAttempt_InConnLogGzipFiles_JoinedByConnTraceId()
    {
        await using var backend = await TestBackend.StartAsync("web");
        var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "connlog", "LoadBalancerAttributes": [
                { "Key": "connection_logs.s3.enabled", "Value": "true" },
                { "Key": "connection_logs.s3.bucket", "Value": "conn-bucket" },
                { "Key": "connection_logs.s3.prefix", "Value": "team/alb" },
                { "Key": "access_logs.s3.enabled", "Value": "true" },
                { "Key": "access_logs.s3.bucket", "Value": "access-bucket" } ] },
              "Listeners": [
                { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] },
                { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] }
              ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """, _directory);
        var live = new ConcurrentQueue<string>();
        env.Server.Observability.ConnectionLog.LineWritten += live.Enqueue;
        try
        {
            using (var client = env.CreateClient(8443))
            {
                (await client.GetAsync("/one")).Dispose();
                (await client.GetAsync("/two")).Dispose();
            }

            using (var plain = env.CreateClient(8080))
            {
                (await plain.GetAsync("/plain")).Dispose();
            }

            await SendPlainTextToTlsPortAsync(env.Server.ListenerEndpoints[8443]);
            await Eventually.UntilAsync(() => live.Count >= 3, "three connection-log lines");

            Assert.Equal(1, env.Server.Observability.Collector.Total("ClientTLSNegotiationErrorCount"));
            Assert.Equal(3, env.Server.Observability.Collector.Total("NewConnectionCount"));
        }
        finally
        {
            await env.DisposeAsync();
        }

        var connLines = LogFiles.ReadS3LayoutLines(
            Path.Combine(_directory, "conn-bucket"), "team/alb", @"^conn_log_123456789012_elasticloadbalancing_us-east-1_app\.connlog\.[0-9a-f]{16}_\d{8}T\d{4}Z_127\.0\.0\.1_[a-z0-9]{8}\.log\.gz$");
        Assert.Equal(3, connLines.Count);
        Assert.All(connLines, l => Assert.Equal(15, l.Split(' ').Length));
        Assert.All(connLines, l => Assert.EndsWith(" 127.0.0.1", l, StringComparison.Ordinal));
        var matches = connLines.Select(l => ConnectionLogRegex().Match(l)).ToList();
        Assert.All(matches, m => Assert.True(m.Success));
        var plainHttp = Assert.Single(matches, m => m.Groups[4].Value == "8080");
        Assert.Equal(("-", "-", "-", "-", "-"), (plainHttp.Groups[5].Value, plainHttp.Groups[6].Value, plainHttp.Groups[7].Value, plainHttp.Groups[8].Value, plainHttp.Groups[11].Value));
        Assert.Contains(" - - - TID_", connLines.Single(l => l.Contains(" 8080 - ", StringComparison.Ordinal)), StringComparison.Ordinal);
        var success = Assert.Single(matches, m => m.Groups[11].Value == "Success");
        var failed = Assert.Single(matches, m => m.Groups[11].Value == "Failed:UnmappedConnectionError");
        Assert.Equal(("127.0.0.1", "8443", "TLSv1.2"), (success.Groups[2].Value, success.Groups[4].Value, success.Groups[5].Value));
        Assert.Matches(@"^[A-Z0-9_-]+$", success.Groups[6].Value);
        Assert.Matches(@"^\d+\.\d{3}$", success.Groups[7].Value);
        Assert.Equal(("-", "-", "-"), (failed.Groups[5].Value, failed.Groups[6].Value, failed.Groups[7].Value));
        Assert.Contains(" secp256r1 app/connlog/", connLines.Single(l => l.Contains(" Success ", StringComparison.Ordinal)), StringComparison.Ordinal);

        var accessLines = LogFiles.ReadLines(LogFiles.Find(Path.Combine(_directory, "access-bucket", "AWSLogs"))).Select(AccessLogLine.Parse).ToList();
        Assert.Equal(3, accessLines.Count);
        var tlsRequests = accessLines.Where(l => l.Type == "https").ToList();
        Assert.Equal(2, tlsRequests.Count);
        Assert.All(tlsRequests, l => Assert.Equal(success.Groups[12].Value, l.ConnTraceId));
        Assert.DoesNotContain(accessLines, l => l.ConnTraceId == failed.Groups[12].Value);
        Assert.Equal(plainHttp.Groups[12].Value, Assert.Single(accessLines, l => l.Type == "http").ConnTraceId);
    }

    private static async Task SendPlainTextToTlsPortAsync(IPEndPoint endpoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endpoint.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await socket.ReceiveAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // Reset by the server: the handshake failed, as intended.
        }
    }
}
