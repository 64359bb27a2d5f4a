using AlbEmulator.Configuration;
using AlbEmulator.Model;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// The ARNs of every resource of one config (alb-observability-api §4.5), derived exactly as the
/// data plane derives them (<see cref="AwsIdentifiers"/>), and lookups by ARN. Load balancers,
/// listeners and rules belong to one load balancer each; target groups are account/region resources.
/// </summary>
internal sealed class ResourceIndex
{
    private readonly Func<int, int> _listenerKey;
    private readonly Func<int, int, string> _ruleKey;
    private readonly Dictionary<string, AwsIdentifiers> _identifiers = new(StringComparer.Ordinal);

    public ResourceIndex(AlbConfig config, Func<int, int> listenerKey, Func<int, int, string> ruleKey)
    {
        Config = config;
        _listenerKey = listenerKey;
        _ruleKey = ruleKey;
    }

    public int ListenerKey(int port) => _listenerKey(port);

    public string RuleKey(int port, int priority) => _ruleKey(port, priority);

    public AlbConfig Config { get; }

    /// <summary>Every load balancer, in config order (empty when none exists).</summary>
    public IReadOnlyList<LoadBalancerConfig> LoadBalancers => Config.LoadBalancers;

    public AwsIdentifiers Identifiers(LoadBalancerConfig loadBalancer)
    {
        lock (_identifiers)
        {
            var key = loadBalancer.EffectiveName + "|" + loadBalancer.Scheme;
            if (!_identifiers.TryGetValue(key, out var ids))
            {
                ids = AwsIdentifiers.Of(loadBalancer);
                _identifiers[key] = ids;
            }

            return ids;
        }
    }

    public string LoadBalancerArn(LoadBalancerConfig loadBalancer) => Identifiers(loadBalancer).LoadBalancerArn;

    /// <summary>The identifiers of the load balancer a listener belongs to.</summary>
    public AwsIdentifiers IdentifiersOf(ListenerConfig listener) =>
        Identifiers(Config.LoadBalancerOf(listener) ?? throw new InvalidOperationException($"Listener {listener.Port} belongs to no load balancer"));

    public string ListenerArn(ListenerConfig listener) => IdentifiersOf(listener).ListenerArn(_listenerKey(listener.Port ?? 0));

    public string TargetGroupArn(TargetGroupConfig group) => AwsIdentifiers.TargetGroupArnOf(group.Name ?? "");

    public string RuleArn(ListenerConfig listener, RuleConfig rule) =>
        IdentifiersOf(listener).RuleArn(_listenerKey(listener.Port ?? 0), _ruleKey(listener.Port ?? 0, rule.Priority ?? 0));

    public string DefaultRuleArn(ListenerConfig listener) => IdentifiersOf(listener).RuleArn(_listenerKey(listener.Port ?? 0), "default");

    public LoadBalancerConfig? FindLoadBalancer(string arn) => LoadBalancers.FirstOrDefault(lb => LoadBalancerArn(lb) == arn);

    public LoadBalancerConfig? FindLoadBalancerByName(string name) => Config.FindLoadBalancer(name);

    public bool IsLoadBalancer(string arn) => FindLoadBalancer(arn) is not null;

    public ListenerConfig? FindListener(string arn) => Config.AllListeners.FirstOrDefault(l => ListenerArn(l) == arn);

    public TargetGroupConfig? FindTargetGroup(string arn) => Config.TargetGroups.FirstOrDefault(g => TargetGroupArn(g) == arn);

    public TargetGroupConfig? FindTargetGroupByName(string name) =>
        Config.TargetGroups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A rule by ARN: its listener, and the rule (null for the listener's default rule).</summary>
    public (ListenerConfig Listener, RuleConfig? Rule)? FindRule(string arn)
    {
        foreach (var listener in Config.AllListeners)
        {
            if (DefaultRuleArn(listener) == arn)
            {
                return (listener, null);
            }

            foreach (var rule in listener.Rules)
            {
                if (RuleArn(listener, rule) == arn)
                {
                    return (listener, rule);
                }
            }
        }

        return null;
    }

    public ListenerConfig RequireListener(string arn)
    {
        ArnFormat.RequireListener(arn);
        return FindListener(arn) ?? throw AlbApiError.ListenerNotFound(arn);
    }

    public TargetGroupConfig RequireTargetGroup(string arn)
    {
        ArnFormat.RequireTargetGroup(arn);
        return FindTargetGroup(arn) ?? throw AlbApiError.TargetGroupNotFound(arn);
    }

    public (ListenerConfig Listener, RuleConfig? Rule) RequireRule(string arn)
    {
        ArnFormat.RequireRule(arn);
        return FindRule(arn) ?? throw AlbApiError.RuleNotFound(arn);
    }

    public LoadBalancerConfig RequireLoadBalancer(string arn)
    {
        ArnFormat.RequireLoadBalancer(arn);
        return FindLoadBalancer(arn) ?? throw AlbApiError.LoadBalancerNotFound(arn);
    }

    /// <summary>The name of the group an action's TargetGroupName/TargetGroupArn refers to.</summary>
    public static string? GroupName(string? name, string? arn) => TargetGroupReference.NameOf(name, arn);

    /// <summary>Every target group name some action (default or rule) of any load balancer forwards to.</summary>
    public IEnumerable<string> ReferencedGroupNames() => TargetGroupReference.ForwardedTo(Config.AllListeners);

    /// <summary>The load balancers whose listeners forward to a target group (at most one, TargetGroupAssociationLimit).</summary>
    public IEnumerable<LoadBalancerConfig> LoadBalancersUsing(string targetGroupName) =>
        LoadBalancers.Where(lb => TargetGroupReference.ForwardedTo(lb.Listeners).Contains(targetGroupName, StringComparer.OrdinalIgnoreCase));
}
