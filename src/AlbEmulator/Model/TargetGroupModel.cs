using AlbEmulator.Configuration;
using AlbEmulator.Health;
using AlbEmulator.TargetGroups;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Model;

/// <summary>
/// A target group's configuration at run time: resolved settings, parsed attributes, health-check
/// parameters, the configured targets and the connection pool to them. Immutable; the live target
/// state (registrations, health, draining) is <see cref="State"/>, which outlives snapshot swaps.
/// </summary>
public sealed class TargetGroupModel
{
    private TargetGroupState? _state;

    public TargetGroupModel(
        ResolvedTargetGroup resolved,
        string arn,
        IReadOnlyList<TargetModel> targets,
        HttpMessageInvoker invoker,
        ForwarderRequestConfig requestConfig,
        TargetGroupAttributes? attributes = null,
        bool isInUse = true)
    {
        Resolved = resolved;
        Name = resolved.Name;
        Arn = arn;
        Targets = targets;
        Invoker = invoker;
        RequestConfig = requestConfig;
        Attributes = attributes ?? TargetGroupAttributes.Default;
        IsInUse = isInUse;
        HealthCheck = HealthCheckSettings.From(resolved);
        Scheme = resolved.Protocol == "HTTPS" ? "https" : "http";
        ProtocolVersion = resolved.ProtocolVersion switch
        {
            "HTTP2" => TargetGroupProtocolVersion.Http2,
            "GRPC" => TargetGroupProtocolVersion.Grpc,
            _ => TargetGroupProtocolVersion.Http1,
        };
        var suffix = arn.IndexOf("targetgroup/", StringComparison.Ordinal);
        FullName = suffix >= 0 ? arn[suffix..] : arn;
    }

    public ResolvedTargetGroup Resolved { get; }

    /// <summary>The <c>app/name/id</c> of the load balancer whose listeners forward to it (at most one), or null: its metrics' <c>LoadBalancer</c> dimension.</summary>
    public string? LoadBalancerFullName { get; init; }

    /// <summary>The load balancer attributes its connections were made with (those of the load balancer that uses it, else the defaults).</summary>
    public LoadBalancerSettings ConnectionSettings { get; init; } = LoadBalancerSettings.Default;

    public string Name { get; }

    public string Arn { get; }

    /// <summary><c>targetgroup/&lt;name&gt;/&lt;id&gt;</c>: the CloudWatch TargetGroup dimension.</summary>
    public string FullName { get; }

    public TargetGroupProtocolVersion ProtocolVersion { get; }

    /// <summary><c>http</c> or <c>https</c>: how requests reach the targets.</summary>
    public string Scheme { get; }

    /// <summary>The targets the config file registers. Targets registered at run time are only in <see cref="State"/>.</summary>
    public IReadOnlyList<TargetModel> Targets { get; }

    /// <summary>Routing attributes (algorithm, stickiness, draining, slow start, TG-31 thresholds).</summary>
    public TargetGroupAttributes Attributes { get; }

    public HealthCheckSettings HealthCheck { get; }

    /// <summary>A listener rule or default action forwards to this group (HC-25: else targets are unused, not checked).</summary>
    public bool IsInUse { get; }

    /// <summary>Connection pool to this group's targets (keep-alive, no pipelining: TG-25).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>Outbound HTTP version and timeouts (TG-10, TG-26, TG-27).</summary>
    public ForwarderRequestConfig RequestConfig { get; }

    /// <summary>The live target state, shared by every snapshot that has this group (<see cref="TargetRegistry"/>).</summary>
    public TargetGroupState State => _state ?? throw new InvalidOperationException($"Target group '{Name}' has no runtime state: build the model with a TargetRegistry.");

    internal void AttachState(TargetGroupState state) => _state = state;
}

/// <summary>Target group <c>ProtocolVersion</c> (TG-10).</summary>
public enum TargetGroupProtocolVersion
{
    Http1,
    Http2,
    Grpc,
}
