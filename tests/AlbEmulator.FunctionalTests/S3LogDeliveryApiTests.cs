using System.IO.Compression;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// S3-layout access-log files follow the live model: <c>access_logs.s3.*</c> changed by ModifyLoadBalancerAttributes
/// starts delivery at once (a file appears for the next requests), disabling it finishes the open file, and a load
/// balancer created by CreateLoadBalancer delivers its own files, finished when DeleteLoadBalancer removes it.
/// </summary>
public sealed class S3LogDeliveryApiTests : IAsyncLifetime
{
    private readonly string _directory = LogFiles.NewTempDirectory("s3-api");
    private ApiScenario _scenario = null!;
    private AlbTestEnvironment _env = null!;
    private ElbApi _api = null!;

    public async Task InitializeAsync()
    {
        _scenario = await ApiScenario.StartAsync(_directory, backend => $$"""
            {
              "LoadBalancers": [ { "Name": "gamma",
                "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("web")}} ] } ] } ],
              "TargetGroups": [ {{TestConfig.TargetGroup("web", backend)}} ]
            }
            """);
        (_env, _api) = (_scenario.Env, _scenario.Api);
    }

    public Task DisposeAsync() => _scenario.DisposeAsync().AsTask();

    [Fact]
    public async Task Access_logs_enabled_through_the_API_get_a_file_at_once_and_disabling_finishes_it()
    {
        var gamma = _env.Server.Runtime.Current.FindLoadBalancer("gamma")!.Identifiers;
        using var client = _env.CreateClient(8080);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/before")).StatusCode);

        await _api.CallAsync("ModifyLoadBalancerAttributes", ("LoadBalancerArn", gamma.LoadBalancerArn),
            ("Attributes.member.1.Key", "access_logs.s3.enabled"), ("Attributes.member.1.Value", "true"),
            ("Attributes.member.2.Key", "access_logs.s3.bucket"), ("Attributes.member.2.Value", "rt-bucket"),
            ("Attributes.member.3.Key", "access_logs.s3.prefix"), ("Attributes.member.3.Value", "rt"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/during")).StatusCode);

        var root = Path.Combine(_directory, "rt-bucket", "rt", "AWSLogs", "123456789012", "elasticloadbalancing", "us-east-1");
        var file = await UntilAsync(() => LogFiles.Find(root).SingleOrDefault(), "a log file under rt-bucket/rt");
        Assert.Matches($@"123456789012_elasticloadbalancing_us-east-1_app\.gamma\.{gamma.LoadBalancerId}_\d{{8}}T\d{{4}}Z_127\.0\.0\.1_[a-z0-9]{{8}}\.log\.gz$", file);

        // Disabling delivery finishes the open file (gzip trailer written): it reads whole, with the request made while enabled.
        await _api.CallAsync("ModifyLoadBalancerAttributes", ("LoadBalancerArn", gamma.LoadBalancerArn),
            ("Attributes.member.1.Key", "access_logs.s3.enabled"), ("Attributes.member.1.Value", "false"));
        var lines = await UntilAsync(() => ReadFinished(file), "the finished log file");
        Assert.Equal(["/during"], lines.Select(l => new Uri(AccessLogLine.Parse(l).RequestUrl).AbsolutePath));

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/after")).StatusCode);
        await _env.WaitForAccessLogAsync(l => l.Contains("/after", StringComparison.Ordinal));
        await _env.Server.StopAsync();
        Assert.Equal([file], LogFiles.Find(root));
        Assert.Single(LogFiles.ReadLines([file]));
    }

    [Fact]
    public async Task Connection_logs_enabled_through_the_API_are_delivered_and_finished_when_disabled()
    {
        var gamma = _env.Server.Runtime.Current.FindLoadBalancer("gamma")!.Identifiers;
        await _api.CallAsync("ModifyLoadBalancerAttributes", ("LoadBalancerArn", gamma.LoadBalancerArn),
            ("Attributes.member.1.Key", "connection_logs.s3.enabled"), ("Attributes.member.1.Value", "true"),
            ("Attributes.member.2.Key", "connection_logs.s3.bucket"), ("Attributes.member.2.Value", "conn"));
        using (var client = _env.CreateClient(8080))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/c")).StatusCode);
        }

        var root = Path.Combine(_directory, "conn", "AWSLogs");
        var file = await UntilAsync(() => LogFiles.Find(root).SingleOrDefault(), "a connection-log file under conn");
        Assert.StartsWith($"conn_log_123456789012_elasticloadbalancing_us-east-1_app.gamma.{gamma.LoadBalancerId}_", Path.GetFileName(file), StringComparison.Ordinal);

        // The connection's line is written when it closes; disabling then finishes the file.
        await UntilAsync(() => ReadLinesSoFar(file) is { Count: > 0 } lines ? lines : null, "the connection's log line");
        await _api.CallAsync("ModifyLoadBalancerAttributes", ("LoadBalancerArn", gamma.LoadBalancerArn),
            ("Attributes.member.1.Key", "connection_logs.s3.enabled"), ("Attributes.member.1.Value", "false"));
        var finished = await UntilAsync(() => ReadFinished(file), "the finished connection-log file");
        Assert.All(finished, l => Assert.Equal(gamma.LoadBalancerId, l.Split(' ')[^2].Split('/')[^1]));
    }

    [Fact]
    public async Task Load_balancer_created_through_the_API_delivers_its_own_files_finished_when_deleted()
    {
        var subnets = new[] { ("Subnets.member.1", "subnet-0123456789abcdef0"), ("Subnets.member.2", "subnet-0123456789abcdef1") };
        var delta = await _api.ValueAsync("CreateLoadBalancer", "LoadBalancerArn", [("Name", "delta"), .. subnets]);
        await _api.CallAsync("ModifyLoadBalancerAttributes", ("LoadBalancerArn", delta),
            ("Attributes.member.1.Key", "access_logs.s3.enabled"), ("Attributes.member.1.Value", "true"),
            ("Attributes.member.2.Key", "access_logs.s3.bucket"), ("Attributes.member.2.Value", "shared"),
            ("Attributes.member.3.Key", "access_logs.s3.prefix"), ("Attributes.member.3.Value", "delta"));
        await _api.CallAsync("CreateListener", ("LoadBalancerArn", delta), ("Protocol", "HTTP"), ("Port", "8090"),
            ("DefaultActions.member.1.Type", "fixed-response"), ("DefaultActions.member.1.FixedResponseConfig.StatusCode", "200"),
            ("DefaultActions.member.1.FixedResponseConfig.MessageBody", "delta"));

        using var deltaClient = _env.CreateClient(8090);
        using var gammaClient = _env.CreateClient(8080);
        Assert.Equal("delta", await deltaClient.GetStringAsync("/d"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await gammaClient.GetAsync("/g")).StatusCode);

        var root = Path.Combine(_directory, "shared", "delta", "AWSLogs");
        var file = await UntilAsync(() => LogFiles.Find(root).SingleOrDefault(), "delta's log file");
        await _api.CallAsync("DeleteLoadBalancer", ("LoadBalancerArn", delta));

        // Deleting the load balancer finishes its file: only delta's line is in it.
        var lines = (await UntilAsync(() => ReadFinished(file), "delta's finished log file")).Select(AccessLogLine.Parse).ToList();
        var line = Assert.Single(lines);
        Assert.Equal(("/d", "delta"), (new Uri(line.RequestUrl).AbsolutePath, line.Elb.Split('/')[1]));
    }

    /// <summary>The lines flushed to a gzip file so far (it may still be open), or null while it cannot be read.</summary>
    private static List<string>? ReadLinesSoFar(string file)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(File.ReadAllBytes(file)), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The lines of a gzip file once it is complete, else null: its trailer is written (the last four bytes are the
    /// uncompressed length; a flushed but open file ends with a sync-flush marker instead).
    /// </summary>
    private static List<string>? ReadFinished(string file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var text = new MemoryStream();
            gzip.CopyTo(text);
            return bytes.Length >= 4 && BitConverter.ToUInt32(bytes, bytes.Length - 4) == (uint)text.Length
                ? [.. System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)]
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Polls with the shared deadline helper until <paramref name="probe"/> gives a value.</summary>
    private static Task<T> UntilAsync<T>(Func<T?> probe, string what)
        where T : class =>
        Eventually.ValueAsync(probe, value => value is not null, what)!;
}
