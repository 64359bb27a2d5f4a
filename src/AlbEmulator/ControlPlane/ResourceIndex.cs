using AlbEmulator.Configuration;
using AlbEmulator.Model;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// The ARNs of every resource of one config (alb-observability-api §4.5), derived exactly as the
/// data plane derives them (<see cref="AwsIdentifiers"/>), and lookups by ARN.
/// </summary>
internal sealed class ResourceIndex
{
    private readonly Func<int, int> _listenerKey;
    private readonly Func<int, int, string> _ruleKey;

    public ResourceIndex(AlbConfig config, AwsIdentifiers identifiers, Func<int, int> listenerKey, Func<int, int, string> ruleKey)
    {
        Config = config;
        Identifiers = identifiers;
        _listenerKey = listenerKey;
        _ruleKey = ruleKey;
    }

    public int ListenerKey(int port) => _listenerKey(port);

    public string RuleKey(int port, int priority) => _ruleKey(port, priority);

    public AlbConfig Config { get; }

    public AwsIdentifiers Identifiers { get; }

    public string LoadBalancerArn => Identifiers.LoadBalancerArn;

    public string ListenerArn(ListenerConfig listener) => Identifiers.ListenerArn(_listenerKey(listener.Port ?? 0));

    public string TargetGroupArn(TargetGroupConfig group) => Identifiers.TargetGroupArn(group.Name ?? "");

    public string RuleArn(ListenerConfig listener, RuleConfig rule) =>
        Identifiers.RuleArn(_listenerKey(listener.Port ?? 0), _ruleKey(listener.Port ?? 0, rule.Priority ?? 0));

    public string DefaultRuleArn(ListenerConfig listener) => Identifiers.RuleArn(_listenerKey(listener.Port ?? 0), "default");

    /// <summary>False after DeleteLoadBalancer, or when the emulator started with <c>"LoadBalancers": []</c>.</summary>
    public bool LoadBalancerExists => !Config.NoLoadBalancer;

    public bool IsLoadBalancer(string arn) => LoadBalancerExists && arn == LoadBalancerArn;

    public ListenerConfig? FindListener(string arn) => Config.Listeners.FirstOrDefault(l => ListenerArn(l) == arn);

    public TargetGroupConfig? FindTargetGroup(string arn) => Config.TargetGroups.FirstOrDefault(g => TargetGroupArn(g) == arn);

    public TargetGroupConfig? FindTargetGroupByName(string name) =>
        Config.TargetGroups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A rule by ARN: its listener, and the rule (null for the listener's default rule).</summary>
    public (ListenerConfig Listener, RuleConfig? Rule)? FindRule(string arn)
    {
        foreach (var listener in Config.Listeners)
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

    public void RequireLoadBalancer(string arn)
    {
        ArnFormat.RequireLoadBalancer(arn);
        if (!IsLoadBalancer(arn))
        {
            throw AlbApiError.LoadBalancerNotFound(arn);
        }
    }

    /// <summary>The name of the group an action's TargetGroupName/TargetGroupArn refers to.</summary>
    public static string? GroupName(string? name, string? arn) =>
        name ?? (TargetGroupReference.TryGetName(arn, out var fromArn) ? fromArn : null);

    /// <summary>Every target group name some action (default or rule) forwards to.</summary>
    public IEnumerable<string> ReferencedGroupNames()
    {
        foreach (var listener in Config.Listeners)
        {
            foreach (var action in listener.DefaultActions.Concat(listener.Rules.SelectMany(r => r.Actions)))
            {
                if (GroupName(action.TargetGroupName, action.TargetGroupArn) is { } single)
                {
                    yield return single;
                }

                foreach (var tuple in action.ForwardConfig?.TargetGroups ?? Utilities.ValueList<TargetGroupTupleConfig>.Empty)
                {
                    if (GroupName(tuple.TargetGroupName, tuple.TargetGroupArn) is { } name)
                    {
                        yield return name;
                    }
                }
            }
        }
    }
}
