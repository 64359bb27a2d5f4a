using AlbEmulator.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Model;

/// <summary>A target group at run time: resolved settings, targets and the connection pool to them.</summary>
public sealed class TargetGroupModel
{
    private int _nextTarget = -1;

    public TargetGroupModel(
        ResolvedTargetGroup resolved,
        string arn,
        IReadOnlyList<TargetModel> targets,
        HttpMessageInvoker invoker,
        ForwarderRequestConfig requestConfig)
    {
        Resolved = resolved;
        Name = resolved.Name;
        Arn = arn;
        Targets = targets;
        Invoker = invoker;
        RequestConfig = requestConfig;
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

    public string Name { get; }

    public string Arn { get; }

    /// <summary><c>targetgroup/&lt;name&gt;/&lt;id&gt;</c>: the CloudWatch TargetGroup dimension.</summary>
    public string FullName { get; }

    public TargetGroupProtocolVersion ProtocolVersion { get; }

    public IReadOnlyList<TargetModel> Targets { get; }

    /// <summary>Connection pool to this group's targets (keep-alive, no pipelining: TG-25).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>Outbound HTTP version and timeouts (TG-10, TG-26, TG-27).</summary>
    public ForwarderRequestConfig RequestConfig { get; }

    /// <summary>Round robin over the registered targets (TG-40). The health issue replaces this with health-aware selection.</summary>
    public TargetModel? NextTarget()
    {
        var targets = Targets;
        if (targets.Count == 0)
        {
            return null;
        }

        var index = (uint)Interlocked.Increment(ref _nextTarget) % (uint)targets.Count;
        return targets[(int)index];
    }
}

/// <summary>Target group <c>ProtocolVersion</c> (TG-10).</summary>
public enum TargetGroupProtocolVersion
{
    Http1,
    Http2,
    Grpc,
}
