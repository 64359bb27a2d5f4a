using AlbEmulator.Configuration;
using AlbEmulator.Rules;
using AlbEmulator.TargetGroups;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Model;

/// <summary>Builds a <see cref="LoadBalancerModel"/> from a config that has passed validation.</summary>
public static class LoadBalancerModelBuilder
{
    /// <summary>
    /// Builds the snapshot and attaches it to <paramref name="registry"/> (the live target state that
    /// survives snapshot swaps); a fresh registry when none is given. <paramref name="ruleKey"/> maps
    /// (listener port, priority) to the key a rule's ARN derives from (the control plane keeps a rule's
    /// ARN when its priority changes); by default the priority itself. <paramref name="listenerKey"/> maps
    /// a listener's port to the port its ARN derives from (a listener keeps its ARN when its port
    /// changes); by default the port itself.
    /// </summary>
    public static LoadBalancerModel Build(
        AlbConfig config,
        Func<ResolvedTargetGroup, LoadBalancerSettings, (HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig)> connections,
        TargetRegistry? registry = null,
        Func<int, int, string>? ruleKey = null,
        Func<int, int>? listenerKey = null)
    {
        ruleKey ??= DefaultRuleKey;
        listenerKey ??= static port => port;
        var inUse = ReferencedTargetGroups(config);
        var name = config.LoadBalancer.Name ?? LoadBalancerDefaults.Name;
        var identifiers = new AwsIdentifiers(name);
        var settings = LoadBalancerSettings.From(config.LoadBalancer.LoadBalancerAttributes);

        var targetGroups = new Dictionary<string, TargetGroupModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var tg in config.TargetGroups)
        {
            var resolved = TargetGroupDefaults.Resolve(tg);
            var scheme = resolved.Protocol == "HTTPS" ? "https" : "http";
            var attributes = TargetGroupAttributes.From(tg.TargetGroupAttributes);
            var targets = tg.Targets
                .Where(t => t.Id is not null)
                .Select(t => new TargetModel(t.Id!, t.Port ?? resolved.Port, scheme))
                .ToArray();
            var (invoker, requestConfig) = connections(resolved, settings);
            targetGroups[resolved.Name] = new TargetGroupModel(resolved, identifiers.TargetGroupArn(resolved.Name), targets, invoker, requestConfig, attributes, inUse.Contains(resolved.Name));
        }

        var listeners = new List<ListenerModel>();
        var trustStores = config.TrustStores.Count == 0 ? EmptyTrustStores : TrustStores.TrustStoreLoader.LoadAll(config);
        foreach (var listener in config.Listeners)
        {
            var port = listener.Port ?? 0;
            var rules = listener.Rules
                .OrderBy(r => r.Priority ?? int.MaxValue)
                .Select(r => new RuleModel(
                    r.Priority ?? 0,
                    RuleConditionSet.Compile(r.Conditions),
                    BuildAction(r.Actions, targetGroups),
                    identifiers.RuleArn(listenerKey(port), ruleKey(port, r.Priority ?? 0)))
                {
                    Transforms = RuleTransforms.Compile(r.Transforms),
                })
                .ToArray();
            var defaultRule = new RuleModel(0, RuleConditionSet.Compile([]), BuildAction(listener.DefaultActions, targetGroups), identifiers.RuleArn(listenerKey(port), "default"));
            listeners.Add(new ListenerModel(listener, rules, defaultRule, identifiers.ListenerArn(listenerKey(port)))
            {
                MutualTls = MutualTls.MutualTlsSettings.From(listener.MutualAuthentication, trustStores),
            });
        }

        var model = new LoadBalancerModel(config, identifiers, settings, listeners, targetGroups);
        (registry ?? new TargetRegistry()).Attach(model);
        return model;
    }

    private static readonly IReadOnlyDictionary<string, TrustStores.TrustStore> EmptyTrustStores = new Dictionary<string, TrustStores.TrustStore>();

    /// <summary>The ARN key of a rule that was never moved: its priority.</summary>
    public static string DefaultRuleKey(int port, int priority) => priority.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Names of the groups some listener forwards to (HC-25).</summary>
    private static HashSet<string> ReferencedTargetGroups(AlbConfig config)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string? name, string? arn)
        {
            if (name is null && arn is not null && TargetGroupReference.TryGetName(arn, out var fromArn))
            {
                name = fromArn;
            }

            if (name is not null)
            {
                names.Add(name);
            }
        }

        foreach (var listener in config.Listeners)
        {
            foreach (var action in listener.DefaultActions.Concat(listener.Rules.SelectMany(r => r.Actions)))
            {
                Add(action.TargetGroupName, action.TargetGroupArn);
                if (action.ForwardConfig is { } forward)
                {
                    foreach (var group in forward.TargetGroups)
                    {
                        Add(group.TargetGroupName, group.TargetGroupArn);
                    }
                }
            }
        }

        return names;
    }

    /// <summary>
    /// Wraps a connections factory so that the groups named in <paramref name="invokers"/> use the given
    /// invoker instead of a socket pool (<see cref="Hosting.AlbEmulatorOptions.TargetInvokers"/>), keeping
    /// the group's request config.
    /// </summary>
    public static Func<ResolvedTargetGroup, LoadBalancerSettings, (HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig)> WithTargetInvokers(
        Func<ResolvedTargetGroup, LoadBalancerSettings, (HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig)> connections,
        IDictionary<string, Func<HttpMessageInvoker>> invokers)
    {
        if (invokers.Count == 0)
        {
            return connections;
        }

        return (group, settings) =>
        {
            var (invoker, requestConfig) = connections(group, settings);
            if (!invokers.TryGetValue(group.Name, out var replacement))
            {
                return (invoker, requestConfig);
            }

            invoker.Dispose();
            return (replacement(), requestConfig);
        };
    }

    /// <summary>The routing action is the last one by Order (ACT-1).</summary>
    private static ActionModel BuildAction(IReadOnlyList<ActionConfig> actions, Dictionary<string, TargetGroupModel> targetGroups)
    {
        var action = actions.OrderBy(a => a.Order ?? 0).Last();
        return action.Type switch
        {
            "redirect" => new RedirectActionModel(action.RedirectConfig!),
            "fixed-response" => new FixedResponseActionModel(action.FixedResponseConfig!),
            _ => BuildForward(action, targetGroups),
        };
    }

    private static ForwardActionModel BuildForward(ActionConfig action, Dictionary<string, TargetGroupModel> targetGroups)
    {
        if (action.ForwardConfig is { TargetGroups.Count: > 0 } forward)
        {
            var groups = forward.TargetGroups
                .Select(t => new WeightedTargetGroup(Find(t.TargetGroupName, t.TargetGroupArn, targetGroups), t.Weight ?? 1))
                .ToArray();
            var stickiness = forward.TargetGroupStickinessConfig;
            return new ForwardActionModel(groups, stickiness?.Enabled == true, stickiness?.DurationSeconds ?? 0);
        }

        return new ForwardActionModel([new WeightedTargetGroup(Find(action.TargetGroupName, action.TargetGroupArn, targetGroups), 1)], false, 0);
    }

    private static TargetGroupModel Find(string? name, string? arn, Dictionary<string, TargetGroupModel> targetGroups)
    {
        if (name is null && arn is not null && TargetGroupReference.TryGetName(arn, out var fromArn))
        {
            name = fromArn;
        }

        return name is not null && targetGroups.TryGetValue(name, out var group)
            ? group
            : throw new InvalidOperationException($"Target group '{name ?? arn}' not found; the config should have been validated.");
    }
}
