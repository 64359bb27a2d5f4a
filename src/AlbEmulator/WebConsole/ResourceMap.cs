using System.Globalization;
using AlbEmulator.Configuration;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.WebConsole;

/// <summary>
/// The resource map (<c>GET /api/load-balancers</c>): for each load balancer its listeners, their rules in
/// priority order (default last), the target groups and their targets with health, reason code and the
/// advice of <see cref="ReasonCodes"/>. Built from the current snapshot and the live target health.
/// </summary>
public static class ResourceMap
{
    /// <summary>
    /// The map of every load balancer. Each shows the target groups its rules reach; target groups no load
    /// balancer reaches (target groups are account resources) are listed once, in <see cref="ResourceMapView.UnattachedTargetGroups"/>.
    /// </summary>
    public static ResourceMapView Build(IReadOnlyList<LoadBalancerModel> loadBalancers, IEnumerable<TargetGroupModel> targetGroups, DateTimeOffset now)
    {
        var groups = targetGroups.DistinctBy(g => g.Arn, StringComparer.Ordinal).ToArray();
        var unattached = groups
            .Where(g => loadBalancers.All(lb => FirstReference(lb, g) == int.MaxValue))
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(TargetGroup);
        return new(
            now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            [.. loadBalancers.Select(lb => LoadBalancer(lb, groups))],
            [.. unattached]);
    }

    /// <summary>The Unhealthy Target Map: only unhealthy targets, the target groups holding them and the listeners and rules that lead there.</summary>
    public static ResourceMapView UnhealthyOnly(ResourceMapView map) => map with
    {
        LoadBalancers = [.. map.LoadBalancers.Select(lb =>
        {
            var groups = lb.TargetGroups
                .Select(g => g with { Targets = [.. g.Targets.Where(t => t.State == "unhealthy")] })
                .Where(g => g.Targets.Count > 0)
                .ToArray();
            var arns = groups.Select(g => g.Arn).ToHashSet(StringComparer.Ordinal);
            var listeners = lb.Listeners
                .Select(l => l with { Rules = [.. l.Rules.Where(r => r.TargetGroups.Any(arns.Contains))] })
                .Where(l => l.Rules.Count > 0)
                .ToArray();
            return lb with { Listeners = listeners, TargetGroups = groups };
        })],
        UnattachedTargetGroups = [.. map.UnattachedTargetGroups
            .Select(g => g with { Targets = [.. g.Targets.Where(t => t.State == "unhealthy")] })
            .Where(g => g.Targets.Count > 0)],
    };

    private static LoadBalancerView LoadBalancer(LoadBalancerModel model, IEnumerable<TargetGroupModel> groups) => new(
        model.Identifiers.LoadBalancerName,
        model.Identifiers.LoadBalancerArn,
        model.Identifiers.DnsName,
        [.. model.Listeners.OrderBy(l => l.Port).Select(Listener)],
        [.. groups.Select(g => (Group: g, First: FirstReference(model, g)))
            .Where(g => g.First != int.MaxValue)
            .OrderBy(g => g.First).ThenBy(g => g.Group.Name, StringComparer.Ordinal)
            .Select(g => TargetGroup(g.Group))]);

    /// <summary>Where the load balancer's rules first reach a target group (the map's order: fewer crossing lines); <see cref="int.MaxValue"/> when they never do.</summary>
    private static int FirstReference(LoadBalancerModel model, TargetGroupModel group)
    {
        var index = 0;
        foreach (var listener in model.Listeners.OrderBy(l => l.Port))
        {
            foreach (var rule in listener.Rules.Append(listener.DefaultRule))
            {
                if (RuleText.TargetGroups(rule).Contains(group))
                {
                    return index;
                }

                index++;
            }
        }

        return int.MaxValue;
    }

    private static ListenerView Listener(ListenerModel listener)
    {
        var config = listener.Config;
        var certificates = config.Certificates
            .Select(c => c.CertificateArn ?? (c.CertificateFile is { } file ? Path.GetFileName(file) : null))
            .OfType<string>()
            .ToArray();
        var rules = listener.Rules.Append(listener.DefaultRule).Select(rule =>
        {
            var ruleConfig = RuleText.ConfigOf(listener, rule);
            return new RuleView(
                rule.Arn,
                ReferenceEquals(rule, listener.DefaultRule) ? "default" : rule.Priority.ToString(CultureInfo.InvariantCulture),
                ruleConfig is null ? [] : [.. ruleConfig.Conditions.Select(RuleText.Condition)],
                RuleText.Actions(rule),
                RuleText.Transforms(ruleConfig),
                [.. RuleText.TargetGroups(rule).Select(g => g.Arn).Distinct()]);
        });
        return new ListenerView(
            listener.Arn,
            listener.Port,
            listener.Protocol,
            listener.IsHttps ? config.SslPolicy ?? SslPolicies.Default : null,
            certificates.Length == 0 && listener.IsHttps ? ["generated self-signed certificate"] : certificates,
            config.MutualAuthentication?.Mode ?? "off",
            [.. rules]);
    }

    private static TargetGroupView TargetGroup(TargetGroupModel group)
    {
        var resolved = group.Resolved;
        var attributes = group.Attributes;
        var health = group.HealthCheck;
        var targets = group.State.Targets.Select(t =>
        {
            var advice = ReasonCodes.Find(t.Health.Reason);
            return new TargetView(t.Id, t.Port, health.PortTextFor(t.Port), t.Health.StateName, t.Health.Reason, t.Health.Description, advice?.Meaning, advice?.Checks ?? []);
        }).ToArray();
        var stickiness = attributes.Stickiness switch
        {
            StickinessType.LbCookie => $"lb_cookie, {attributes.LbCookieDuration.TotalSeconds} s",
            StickinessType.AppCookie => $"app_cookie {attributes.AppCookieName}, {attributes.AppCookieDuration.TotalSeconds} s",
            _ => "off",
        };
        var algorithm = attributes.Algorithm switch
        {
            LoadBalancingAlgorithm.LeastOutstandingRequests => "least_outstanding_requests",
            LoadBalancingAlgorithm.WeightedRandom => "weighted_random" + (attributes.AnomalyMitigation ? " (anomaly mitigation on)" : ""),
            _ => "round_robin",
        };
        var healthCheck = !resolved.HealthCheckEnabled
            ? "disabled"
            : resolved.TargetType == TargetTypes.Lambda
                ? $"Lambda invocation every {resolved.HealthCheckIntervalSeconds} s"
                : $"{resolved.HealthCheckProtocol} {resolved.HealthCheckPath} on port {resolved.HealthCheckPort}, every {resolved.HealthCheckIntervalSeconds} s, "
                  + $"timeout {resolved.HealthCheckTimeoutSeconds} s, healthy after {resolved.HealthyThresholdCount}, unhealthy after {resolved.UnhealthyThresholdCount}, "
                  + $"matcher {(resolved.MatcherGrpcCode is { } grpc ? "gRPC " + grpc : "HTTP " + (resolved.MatcherHttpCode ?? "200"))}";
        return new TargetGroupView(
            group.Arn,
            group.Name,
            resolved.TargetType == TargetTypes.Lambda ? "lambda" : resolved.Protocol,
            resolved.ProtocolVersion.Length == 0 ? null : resolved.ProtocolVersion,
            resolved.TargetType,
            resolved.Port == 0 ? null : resolved.Port,
            algorithm,
            stickiness,
            healthCheck,
            resolved.HealthCheckIntervalSeconds,
            group.IsInUse,
            targets.Count(t => t.State == "healthy"),
            targets.Count(t => t.State == "unhealthy"),
            targets.Count(t => t.State is not "healthy" and not "unhealthy"),
            targets);
    }

    /// <summary>Every resource name of a view, as the PDF export and its test list them.</summary>
    public static IEnumerable<string> ResourceNames(ResourceMapView map) =>
        map.LoadBalancers.SelectMany(lb => new[] { lb.Name }
            .Concat(lb.Listeners.Select(l => $"{l.Protocol}:{l.Port}"))
            .Concat(GroupNames(lb.TargetGroups)))
        .Concat(GroupNames(map.UnattachedTargetGroups));

    private static IEnumerable<string> GroupNames(IReadOnlyList<TargetGroupView> groups) =>
        groups.Select(g => g.Name).Concat(groups.SelectMany(g => g.Targets.Select(t => $"{t.Id}:{t.Port}")));
}

/// <summary>The resource map: every load balancer, and the target groups no load balancer forwards to.</summary>
public sealed record ResourceMapView(string GeneratedAt, IReadOnlyList<LoadBalancerView> LoadBalancers, IReadOnlyList<TargetGroupView> UnattachedTargetGroups);

public sealed record LoadBalancerView(string Name, string Arn, string DnsName, IReadOnlyList<ListenerView> Listeners, IReadOnlyList<TargetGroupView> TargetGroups);

public sealed record ListenerView(string Arn, int Port, string Protocol, string? SslPolicy, IReadOnlyList<string> Certificates, string MutualTls, IReadOnlyList<RuleView> Rules);

/// <summary>A rule: priority (<c>default</c> for the default rule), conditions, actions and transforms in words, and the ARNs of the target groups it forwards to.</summary>
public sealed record RuleView(string Arn, string Priority, IReadOnlyList<string> Conditions, IReadOnlyList<string> Actions, IReadOnlyList<string> Transforms, IReadOnlyList<string> TargetGroups);

public sealed record TargetGroupView(
    string Arn,
    string Name,
    string Protocol,
    string? ProtocolVersion,
    string TargetType,
    int? Port,
    string Algorithm,
    string Stickiness,
    string HealthCheck,
    int HealthCheckIntervalSeconds,
    bool InUse,
    int Healthy,
    int Unhealthy,
    int Other,
    IReadOnlyList<TargetView> Targets);

/// <summary>A target: id, port, health state, reason code and description, and for the reason code what it means and what to check.</summary>
public sealed record TargetView(string Id, int Port, string HealthCheckPort, string State, string? Reason, string? Description, string? Meaning, IReadOnlyList<string> Checks);
