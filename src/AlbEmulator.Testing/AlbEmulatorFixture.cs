using System.Collections.Concurrent;
using AlbEmulator.Configuration;
using AlbEmulator.Configuration.CloudFormation;
using AlbEmulator.Configuration.Terraform;
using AlbEmulator.Hosting;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;
using AlbEmulator.Testing.Configuration;

namespace AlbEmulator.Testing;

/// <summary>
/// An AlbEmulator running in-process for a test: clients to its listeners, the access-log lines the test
/// produced, and the registered targets with their live health (register, deregister, run checks, wait
/// for a state). Test-framework agnostic: create
/// it from a class/collection fixture (xunit), a <c>[OneTimeSetUp]</c> (NUnit) or a <c>[ClassInitialize]</c>
/// (MSTest) and dispose it afterwards.
/// </summary>
/// <example>
/// <code>
/// await using var alb = await AlbEmulatorFixture
///     .Configure(c => c
///         .Listener(8080, "HTTP", l => l.DefaultForward("web"))
///         .TargetGroup("web"))
///     .WithApp("web", factory)            // a WebApplicationFactory&lt;Program&gt;, in memory
///     .StartAsync();
/// using var client = alb.CreateClient(8080);
/// var response = await client.GetAsync("/hello");
/// var line = await alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/hello"));
/// </code>
/// </example>
public sealed partial class AlbEmulatorFixture : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentQueue<AlbAccessLogEntry> _accessLog = new();
    private readonly ConcurrentQueue<string> _unparsed = new();
    private readonly ConfigDocument _document;
    private readonly IDisposable _loggerFactory;
    private int _disposed;

    internal AlbEmulatorFixture(AlbEmulatorServer server, ConfigDocument document, IDisposable loggerFactory)
    {
        Server = server;
        _document = document;
        _loggerFactory = loggerFactory;
        server.AccessLog.LineWritten += OnLineWritten;
    }

    /// <summary>Starts describing an emulator from a config file (JSON; relative paths resolve against its directory).</summary>
    public static AlbEmulatorFixtureBuilder FromFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        return new AlbEmulatorFixtureBuilder(ConfigDocument.Parse(File.ReadAllText(fullPath), Path.GetDirectoryName(fullPath)!));
    }

    /// <summary>
    /// Starts describing an emulator from the team's CloudFormation template (JSON or YAML, CDK synth output included)
    /// with an <c>--overrides</c> file (local targets, ports, certificates, Lambda endpoints; docs/infrastructure-as-code.md)
    /// and template parameters. Target groups keep their template names, so <c>WithApp</c>/<c>WithTargets</c> can put test
    /// targets behind them. Throws <see cref="AlbConfigException"/> with every error (logical ids named).
    /// </summary>
    public static AlbEmulatorFixtureBuilder FromCloudFormation(string path, string? overridesPath = null, IReadOnlyDictionary<string, string>? parameters = null) =>
        FromImported(CloudFormationTemplate.ReadFile(path, overridesPath, parameters ?? new Dictionary<string, string>()), path);

    /// <summary>
    /// Starts describing an emulator from the JSON of <c>terraform show -json</c> (a plan or a state) with an
    /// <c>--overrides</c> file (keys: Terraform addresses or names). Throws <see cref="AlbConfigException"/> with every
    /// error (addresses named), including values known only after apply that no override supplies where one is needed.
    /// </summary>
    public static AlbEmulatorFixtureBuilder FromTerraformPlan(string path, string? overridesPath = null) =>
        FromImported(TerraformPlan.ReadFile(path, overridesPath), path);

    private static AlbEmulatorFixtureBuilder FromImported(TemplateTranslation translation, string path)
    {
        var errors = AlbConfigValidator.Validate(translation.Read);
        if (errors.Count > 0 || translation.Document is null)
        {
            throw new AlbConfigException(errors);
        }

        return new AlbEmulatorFixtureBuilder(new ConfigDocument(translation.Document, Path.GetDirectoryName(Path.GetFullPath(path))!));
    }

    /// <summary>Starts describing an emulator from a JSON config (comments allowed); <paramref name="baseDirectory"/> resolves relative paths (default: the current directory).</summary>
    public static AlbEmulatorFixtureBuilder FromJson(string json, string? baseDirectory = null) =>
        new(ConfigDocument.Parse(json, baseDirectory ?? Directory.GetCurrentDirectory()));

    /// <summary>Starts describing an emulator from a fluent config in the CloudFormation vocabulary (<see cref="AlbConfigBuilder"/>).</summary>
    public static AlbEmulatorFixtureBuilder Configure(Action<AlbConfigBuilder> configure, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new AlbConfigBuilder();
        configure(builder);
        return new AlbEmulatorFixtureBuilder(new ConfigDocument(builder.ToJsonObject(), baseDirectory ?? Directory.GetCurrentDirectory()));
    }

    /// <summary>The running emulator (escape hatch to everything the fixture does not wrap).</summary>
    public AlbEmulatorServer Server { get; }

    /// <summary>The admin endpoint (<c>GET /healthz</c>), on an ephemeral loopback port.</summary>
    public Uri? AdminUri => Server.AdminUri;

    /// <summary>The config the emulator runs, as JSON (after the fixture's target edits: URLs, apps).</summary>
    public string ConfigJson => _document.ToJson();

    /// <summary>The URL that reaches the listener configured on <paramref name="listenerPort"/>, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri ListenerUri(int listenerPort) => Server.ListenerUri(listenerPort);

    /// <summary>
    /// An <see cref="HttpClient"/> whose base address is the listener configured on <paramref name="listenerPort"/>.
    /// HTTPS listeners: any certificate is accepted (and <see cref="AlbClientOptions.ClientCertificate"/> presented). Defaults:
    /// HTTP/1.1, no cookies, redirects not followed.
    /// </summary>
    public HttpClient CreateClient(int listenerPort, AlbClientOptions? options = null)
    {
        options ??= new AlbClientOptions();
        var handler = new SocketsHttpHandler
        {
            UseCookies = options.UseCookies,
            AllowAutoRedirect = options.AllowAutoRedirect,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        if (options.ClientCertificate is { } certificate)
        {
            // Presented whatever CA names the listener advertises (AdvertiseTrustStoreCaNames is off by default).
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = ListenerUri(listenerPort), Timeout = options.Timeout };
        if (options.HttpVersion is { } version)
        {
            client.DefaultRequestVersion = version;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return client;
    }

    /// <summary>The access-log lines written since start (or since <see cref="ClearAccessLog"/>), in order.</summary>
    public IReadOnlyList<AlbAccessLogEntry> AccessLog => _accessLog.ToArray();

    /// <summary>Lines that did not match the Athena regex (an emulator bug if ever non-empty).</summary>
    public IReadOnlyList<string> UnparsedAccessLogLines => _unparsed.ToArray();

    /// <summary>Forgets the lines read so far, so a test sharing the fixture sees only its own.</summary>
    public void ClearAccessLog()
    {
        _accessLog.Clear();
        _unparsed.Clear();
    }

    /// <summary>
    /// Waits (polling, up to <paramref name="timeout"/>, default 10 s) for an access-log line that satisfies
    /// <paramref name="predicate"/>. A line is written when the response completes, so it can arrive just
    /// after the client has read the response. Throws <see cref="TimeoutException"/> listing the lines seen.
    /// </summary>
    public async Task<AlbAccessLogEntry> WaitForAccessLogAsync(Func<AlbAccessLogEntry, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        AlbAccessLogEntry? found = null;
        await PollAsync(() => (found = _accessLog.FirstOrDefault(predicate)) is not null, timeout, "No access-log line matched.", cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Waits until at least <paramref name="count"/> access-log lines exist and returns them all.</summary>
    public async Task<IReadOnlyList<AlbAccessLogEntry>> WaitForAccessLogCountAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await PollAsync(() => _accessLog.Count >= count, timeout, $"Expected at least {count} access-log lines.", cancellationToken).ConfigureAwait(false);
        return AccessLog;
    }

    /// <summary>
    /// describe-target-health for <paramref name="targetGroupName"/>: every registered or draining target with
    /// its live health state, reason and description, in registration order.
    /// </summary>
    public IReadOnlyList<RegisteredTarget> DescribeTargets(string targetGroupName)
    {
        var name = FindGroup(targetGroupName).Name;
        return Server.Targets.DescribeTargetHealth(name).Select(d => ToRegisteredTarget(name, d)).ToArray();
    }

    /// <summary>
    /// describe-target-health for one target; a target that is not registered is <c>unused</c> /
    /// <c>Target.NotRegistered</c>. A null <see cref="AlbTarget.Port"/> means the group's port.
    /// </summary>
    public RegisteredTarget DescribeTarget(string targetGroupName, AlbTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var name = FindGroup(targetGroupName).Name;
        return ToRegisteredTarget(name, Server.Targets.DescribeTargetHealth(name, [new TargetDescription(target.Id, target.Port)])[0]);
    }

    /// <summary>
    /// RegisterTargets while the emulator runs. Each new target starts <c>initial</c> /
    /// <c>Elb.RegistrationInProgress</c> and is health-checked at once (automatic checks) or at the next
    /// <see cref="RunHealthChecksAsync"/>. Already registered targets are left alone. In a group served by
    /// an in-memory app (<c>WithApp</c>), every <c>Id:Port</c> reaches that app (checks included); the
    /// target only names it in the access log.
    /// </summary>
    public void RegisterTargets(string targetGroupName, params AlbTarget[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var name = FindGroup(targetGroupName).Name;
        Server.Targets.RegisterTargets(name, targets.Select(t => new TargetDescription(t.Id, t.Port)).ToArray());
    }

    /// <summary><see cref="RegisterTargets(string, AlbTarget[])"/> with the host and port of each URL (e.g. a backend the test started).</summary>
    public void RegisterTargetUrls(string targetGroupName, params Uri[] urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        RegisterTargets(targetGroupName, urls.Select(AlbTarget.FromUrl).ToArray());
    }

    /// <summary>
    /// DeregisterTargets while the emulator runs: new requests avoid the targets at once; they stay
    /// <c>draining</c> for the group's <c>deregistration_delay.timeout_seconds</c> (default 300; set it to 0
    /// in the config for an immediate removal), then are gone (<c>unused</c> / <c>Target.NotRegistered</c>).
    /// </summary>
    public void DeregisterTargets(string targetGroupName, params AlbTarget[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var name = FindGroup(targetGroupName).Name;
        Server.Targets.DeregisterTargets(name, targets.Select(t => new TargetDescription(t.Id, t.Port)).ToArray());
    }

    /// <summary>
    /// Runs one health-check round now (one group, or every group when null) and waits for its results. With
    /// <c>ConfigureOptions(o =&gt; o.HealthChecks.Automatic = false)</c> these are the only checks, so a test
    /// can assert the state after exactly N checks.
    /// </summary>
    public Task RunHealthChecksAsync(string? targetGroupName = null) =>
        Server.RunHealthChecksAsync(targetGroupName is null ? null : FindGroup(targetGroupName).Name);

    /// <summary>
    /// Waits (polling, up to <paramref name="timeout"/>, default 10 s) until <paramref name="target"/> of
    /// <paramref name="targetGroupName"/> reports <paramref name="state"/> (<c>healthy</c>, <c>unhealthy</c>,
    /// <c>initial</c>, <c>draining</c>, <c>unused</c>, <c>unavailable</c>) and returns its description. It
    /// does not run checks itself: rely on automatic checks (shorten them with
    /// <c>HealthChecks.IntervalOverride</c>) or call <see cref="RunHealthChecksAsync"/>. Throws
    /// <see cref="TimeoutException"/> naming the last state seen.
    /// </summary>
    public async Task<RegisteredTarget> WaitForTargetStateAsync(string targetGroupName, AlbTarget target, string state, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(state);
        var current = DescribeTarget(targetGroupName, target);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!string.Equals(current.State, state, StringComparison.OrdinalIgnoreCase))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"Target {current.Id}:{current.Port} of '{current.TargetGroupName}' did not become {state}: it is {current.State} ({current.Reason ?? "-"}: {current.Description ?? "-"}).");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            current = DescribeTarget(targetGroupName, target);
        }

        return current;
    }

    /// <summary>Stops the listeners, lets in-flight requests finish and flushes the access log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Server.DisposeAsync().ConfigureAwait(false);
        Server.AccessLog.LineWritten -= OnLineWritten;
        _loggerFactory.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>, for test frameworks that only call <see cref="IDisposable.Dispose"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnLineWritten(string line)
    {
        if (AlbAccessLogEntry.TryParse(line, out var entry))
        {
            _accessLog.Enqueue(entry!);
        }
        else
        {
            _unparsed.Enqueue(line);
        }
    }

    private static RegisteredTarget ToRegisteredTarget(string groupName, TargetHealthDescription description) =>
        new(groupName, description.Target.Id, description.Target.Port ?? 0)
        {
            State = description.TargetHealth.StateName,
            Reason = description.TargetHealth.Reason,
            Description = description.TargetHealth.Description,
            HealthCheckPort = description.HealthCheckPort,
        };

    private TargetGroupModel FindGroup(string targetGroupName) =>
        Server.Runtime.Current.TargetGroups.TryGetValue(targetGroupName, out var group)
            ? group
            : throw new ArgumentException($"The emulator has no target group named '{targetGroupName}'.", nameof(targetGroupName));

    private async Task PollAsync(Func<bool> condition, TimeSpan? timeout, string message, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                var seen = string.Join(Environment.NewLine, _accessLog.Select(e => "  " + e.Line).Concat(_unparsed.Select(l => "  (unparsed) " + l)));
                throw new TimeoutException($"{message} Lines so far:{Environment.NewLine}{seen}");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }
}
