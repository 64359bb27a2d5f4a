using System.Collections.Concurrent;
using System.Net;
using AlbEmulator.Tests.Common;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The watched config file (docs/control-plane.md): a valid edit replaces the configuration on live
/// traffic, listeners included; an invalid edit is logged with every error and the last good
/// configuration stays.
/// </summary>
public sealed class ConfigReloadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-reload-").FullName;

    private string ConfigPath => Path.Combine(_directory, "alb.json");

    private static string Config(string defaultBody, string extraListener = "", string rules = "") => $$"""
        {
          "Listeners": [
            { "Port": 8080, "Protocol": "HTTP",
              "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "{{defaultBody}}" } } ],
              "Rules": [ {{rules}} ] }
            {{extraListener}}
          ]
        }
        """;

    private const string Listener8081 = """
        , { "Port": 8081, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "from the file" } } ] }
        """;

    private const string InvalidRules = """
        { "Priority": 0, "Conditions": [ { "Field": "path-pattern", "Values": [ "/x" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "missing" } ] }
        """;

    private async Task<AlbTestEnvironment> StartAsync(string config, CapturingLoggerProvider? logs = null)
    {
        await File.WriteAllTextAsync(ConfigPath, config);
        return await AlbTestEnvironment.StartAsync(config, _directory, options =>
        {
            options.ConfigFilePath = ConfigPath;
            if (logs is not null)
            {
                options.LoggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
            }
        });
    }

    /// <summary>Replaces the file in one step (an editor's save), so the watcher never reads half of it.</summary>
    private async Task EditAsync(string config)
    {
        var temporary = ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temporary, config);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    [Fact]
    public async Task ValidEdit_NewRoutingAndListener_Live()
    {
        await using var env = await StartAsync(Config("one"));
        using var client = env.CreateClient(8080);
        Assert.Equal("one", await client.GetStringAsync("/"));

        await EditAsync(Config("two", Listener8081, """{ "Priority": 5, "Conditions": [ { "Field": "path-pattern", "Values": [ "/rule" ] } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "202", "MessageBody": "rule" } } ] }"""));
        await Eventually.UntilAsync(async () => await client.GetStringAsync("/") == "two", "the edit to apply");
        Assert.Equal(("202", "rule"), await ControlPlaneApiTests.GetAsync(client, "/rule"));
        using var client8081 = env.CreateClient(8081);
        Assert.Equal("from the file", await client8081.GetStringAsync("/"));
        // The watcher counts an edit after the control plane has applied it: traffic may see the edit first.
        await Eventually.ValueAsync(() => env.Server.ConfigWatcher!.Applied, applied => applied == 1, "the edit counted as applied");

        // The file replaces the whole configuration: listener 8081 goes away with the next edit.
        var endpoint8081 = env.Listener(8081);
        await EditAsync(Config("three"));
        await Eventually.UntilAsync(async () => await client.GetStringAsync("/") == "three", "the second edit to apply");
        await ControlPlaneApiTests.UntilRefusedAsync(endpoint8081);
    }

    [Fact]
    public async Task InvalidEdit_LoggedWithEveryError_LastGoodConfigStays()
    {
        var logs = new CapturingLoggerProvider();
        await using var env = await StartAsync(Config("good"), logs);
        using var client = env.CreateClient(8080);

        await EditAsync(Config("bad", rules: InvalidRules));
        var watcher = env.Server.ConfigWatcher!;
        await Eventually.UntilAsync(() => Task.FromResult(watcher.Rejected > 0), "the edit to be rejected");
        Assert.Equal("good", await client.GetStringAsync("/"));
        Assert.Equal(0, watcher.Applied);
        Assert.Contains(watcher.LastErrors, e => e.Contains("Priority '0' must be between 1 and 50000", StringComparison.Ordinal));
        Assert.Contains(watcher.LastErrors, e => e.Contains("Target group 'missing' not found", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("rejected", StringComparison.Ordinal) && m.Contains(ConfigPath, StringComparison.Ordinal));
        foreach (var error in watcher.LastErrors)
        {
            Assert.Contains(logs.Messages, m => m.Contains(error, StringComparison.Ordinal));
        }

        // Broken JSON is rejected the same way; a later valid edit applies.
        await EditAsync("{ \"Listeners\": [ ");
        await Eventually.UntilAsync(() => Task.FromResult(watcher.Rejected > 1), "the broken edit to be rejected");
        Assert.Equal("good", await client.GetStringAsync("/"));
        await EditAsync(Config("fixed"));
        await Eventually.UntilAsync(async () => await client.GetStringAsync("/") == "fixed", "the valid edit to apply");
    }

    [Fact]
    public async Task FileEdit_ReplacesApiChanges()
    {
        await using var env = await StartAsync(Config("file"));
        using var client = env.CreateClient(8080);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        var form = new Dictionary<string, string>
        {
            ["Action"] = "ModifyListener",
            ["Version"] = "2015-12-01",
            ["ListenerArn"] = env.Server.Runtime.Current.Listeners[0].Arn,
            ["DefaultActions.member.1.Type"] = "fixed-response",
            ["DefaultActions.member.1.FixedResponseConfig.StatusCode"] = "200",
            ["DefaultActions.member.1.FixedResponseConfig.MessageBody"] = "api",
        };
        // Mutating calls need the SigV4 header shape every SDK sends (signatures are checked only with --admin-credentials).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("api", await client.GetStringAsync("/"));

        await EditAsync(Config("file again"));
        await Eventually.UntilAsync(async () => await client.GetStringAsync("/") == "file again", "the edit to apply");
    }

    [Fact]
    public async Task WafEdit_WebAclFromTheFile_AppliesAndGoesAway()
    {
        await using var env = await StartAsync(Config("open"));
        using var client = env.CreateClient(8080);
        Assert.Equal("open", await client.GetStringAsync("/admin"));

        var withWaf = Config("open").TrimEnd()[..^1] + """
            ,
              "LoadBalancer": { "WebACLName": "acl" },
              "WebACLs": [ { "Name": "acl", "DefaultAction": { "Allow": {} },
                "VisibilityConfig": { "SampledRequestsEnabled": false, "CloudWatchMetricsEnabled": false, "MetricName": "acl" },
                "Rules": [ { "Name": "no-admin", "Priority": 1, "Action": { "Block": {} },
                  "Statement": { "ByteMatchStatement": { "SearchString": "/admin", "FieldToMatch": { "UriPath": {} },
                    "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ], "PositionalConstraint": "STARTS_WITH" } },
                  "VisibilityConfig": { "SampledRequestsEnabled": false, "CloudWatchMetricsEnabled": false, "MetricName": "no-admin" } } ] } ]
            }
            """;
        await EditAsync(withWaf);
        await Eventually.UntilAsync(async () => (await ControlPlaneApiTests.GetAsync(client, "/admin")).Status == "403", "the web ACL from the edit to block");
        Assert.Equal("open", await client.GetStringAsync("/shop"));

        await EditAsync(Config("open"));
        await Eventually.UntilAsync(async () => (await ControlPlaneApiTests.GetAsync(client, "/admin")).Status == "200", "the web ACL to go with the next edit");
    }

    [Fact]
    public async Task OversizedEdit_RejectedWithTheStartUpLimit_LastGoodConfigStays()
    {
        await using var env = await StartAsync(Config("small"));
        using var client = env.CreateClient(8080);
        var watcher = env.Server.ConfigWatcher!;

        var padding = new string(' ', AlbEmulator.Configuration.AlbConfigReader.MaxFileBytes);
        await EditAsync(Config("huge") + padding);
        await Eventually.UntilAsync(() => Task.FromResult(watcher.Rejected > 0), "the oversized edit to be rejected");

        var error = Assert.Single(watcher.LastErrors);
        Assert.Contains("the limit is 4,194,304 bytes (4 MiB)", error, StringComparison.Ordinal);
        Assert.Equal("small", await client.GetStringAsync("/"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
