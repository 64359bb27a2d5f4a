using System.IO.Compression;
using AlbEmulator.AccessLogs;
using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.AccessLogs;

/// <summary>The per-load-balancer S3 sinks follow the model: created, routed by the <c>elb</c> field, finished when disabled.</summary>
public sealed class LoadBalancerLogSinksTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 3, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "albemu-lbsinks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private EmulatorModel Model(bool alphaLogs, string alphaPrefix = "a") =>
        LoadBalancerModelBuilder.Build(AlbConfigReader.ReadJson($$"""
            { "LoadBalancers": [
                { "Name": "alpha", "LoadBalancerAttributes": [
                    { "Key": "access_logs.s3.enabled", "Value": "{{(alphaLogs ? "true" : "false")}}" },
                    { "Key": "access_logs.s3.bucket", "Value": "bucket" }, { "Key": "access_logs.s3.prefix", "Value": "{{alphaPrefix}}" } ] },
                { "Name": "beta" } ] }
            """, _directory).Config!, TargetGroupConnections.Create);

    private static string Line(string elb, string text) => $"http 2026-03-04T10:03:00.000000Z {elb} {text}";

    private static List<string> ReadAll(string root) =>
        [.. Directory.GetFiles(root, "*.log.gz", SearchOption.AllDirectories).SelectMany(f =>
        {
            using var gzip = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        })];

    [Fact]
    public async Task Sinks_follow_the_model_and_get_only_their_own_lines()
    {
        var sinks = LoadBalancerLogSinks.AccessLogs(new ManualTimeProvider(Start));
        var off = Model(alphaLogs: false);
        var alpha = off.FindLoadBalancer("alpha")!.Identifiers.LoadBalancerFullName;
        var beta = off.FindLoadBalancer("beta")!.Identifiers.LoadBalancerFullName;

        Assert.Empty(sinks.Update(off));
        Assert.False(sinks.IsActive);

        var on = Assert.Single(sinks.Update(Model(alphaLogs: true)));
        Assert.StartsWith(alpha + ": log files now go to ", on, StringComparison.Ordinal);
        Assert.True(sinks.IsActive);
        Assert.Empty(sinks.Update(Model(alphaLogs: true))); // Same destination: the same sink.
        var first = sinks.SinkOf(alpha);

        await sinks.WriteAsync([Line(alpha, "one"), Line(beta, "other"), Line(alpha + "x", "lookalike"), Line(alpha, "two")], default);

        // A new prefix: a new sink; the old one is finished.
        Assert.Single(sinks.Update(Model(alphaLogs: true, alphaPrefix: "b")));
        Assert.NotSame(first, sinks.SinkOf(alpha));
        await sinks.WriteAsync([Line(alpha, "three")], default);

        var stopped = Assert.Single(sinks.Update(Model(alphaLogs: false)));
        Assert.Contains("stopped", stopped, StringComparison.Ordinal);
        Assert.False(sinks.IsActive);
        await sinks.FlushAsync(default); // Waits for the retirements queued before it.

        Assert.Equal([Line(alpha, "one"), Line(alpha, "two")], ReadAll(Path.Combine(_directory, "bucket", "a")));
        Assert.Equal([Line(alpha, "three")], ReadAll(Path.Combine(_directory, "bucket", "b")));
        await sinks.DisposeAsync();
    }
}
