using AlbEmulator.Configuration;
using AlbEmulator.Rules;
using AlbEmulator.TargetGroups;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Model;

/// <summary>Builds a <see cref="LoadBalancerModel"/> from a config that has passed validation.</summary>
public static class LoadBalancerModelBuilder
{
    /// <summary>
    /// Builds the snapshot of every load balancer and attaches it to <paramref name="registry"/> (the live
    /// target state that survives snapshot swaps); a fresh registry when none is given. <paramref name="ruleKey"/> maps
    /// (listener port, priority) to the key a rule's ARN derives from (the control plane keeps a rule's
    /// ARN when its priority changes); by default the priority itself. <paramref name="listenerKey"/> maps
    /// a listener's port to the port its ARN derives from (a listener keeps its ARN when its port
    /// changes); by default the port itself. Listener ports are unique across the process, so both keys are too.
    /// </summary>
    public static EmulatorModel Build(
        AlbConfig config,
        Func<ResolvedTargetGroup, LoadBalancerSettings, (HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig)> connections,
        TargetRegistry? registry = null,
        Func<int, int, string>? ruleKey = null,
        Func<int, int>? listenerKey = null)
    {
        ruleKey ??= DefaultRuleKey;
        listenerKey ??= static port => port;
        var settingsOf = config.LoadBalancers.Select(lb => LoadBalancerSettings.From(lb.LoadBalancerAttributes)).ToArray();

        // A target group belongs to at most one load balancer (TargetGroupAssociationLimit); its connections
        // follow that load balancer's attributes (idle timeout), or the defaults while no listener uses it.
        var owner = new Dictionary<string, (LoadBalancerSettings Settings, string FullName)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settingsOf.Length; i++)
        {
            var fullName = AwsIdentifiers.Of(config.LoadBalancers[i]).LoadBalancerFullName;
            foreach (var name in TargetGroupReference.ForwardedTo(config.LoadBalancers[i].Listeners))
            {
                owner.TryAdd(name, (settingsOf[i], fullName));
            }
        }

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
            var inUse = owner.TryGetValue(resolved.Name, out var used);
            var settings = inUse ? used.Settings : LoadBalancerSettings.Default;
            var (invoker, requestConfig) = connections(resolved, settings);
            targetGroups[resolved.Name] = new TargetGroupModel(resolved, AwsIdentifiers.TargetGroupArnOf(resolved.Name), targets, invoker, requestConfig, attributes, inUse)
            {
                ConnectionSettings = settings,
                LoadBalancerFullName = inUse ? used.FullName : null,
            };
        }

        var trustStores = config.TrustStores.Count == 0 ? EmptyTrustStores : TrustStores.TrustStoreLoader.LoadAll(config);
        var loadBalancers = config.LoadBalancers
            .Select((lb, i) => BuildLoadBalancer(config, lb, settingsOf[i], targetGroups, trustStores, ruleKey, listenerKey))
            .ToArray();
        var model = new EmulatorModel(config, loadBalancers, targetGroups);
        (registry ?? new TargetRegistry()).Attach(model);
        return model;
    }

    private static LoadBalancerModel BuildLoadBalancer(
        AlbConfig config,
        LoadBalancerConfig lb,
        LoadBalancerSettings settings,
        Dictionary<string, TargetGroupModel> targetGroups,
        IReadOnlyDictionary<string, TrustStores.TrustStore> trustStores,
        Func<int, int, string> ruleKey,
        Func<int, int> listenerKey)
    {
        var identifiers = AwsIdentifiers.Of(lb);
        var listeners = new List<ListenerModel>();
        foreach (var listener in lb.Listeners)
        {
            var port = listener.Port ?? 0;
            var rules = listener.Rules
                .OrderBy(r => r.Priority ?? int.MaxValue)
                .Select(r => new RuleModel(
                    r.Priority ?? 0,
                    RuleConditionSet.Compile(r.Conditions),
                    BuildActions(r.Actions, targetGroups),
                    identifiers.RuleArn(listenerKey(port), ruleKey(port, r.Priority ?? 0)))
                {
                    Transforms = RuleTransforms.Compile(r.Transforms),
                })
                .ToArray();
            var defaultRule = new RuleModel(0, RuleConditionSet.Compile([]), BuildActions(listener.DefaultActions, targetGroups), identifiers.RuleArn(listenerKey(port), "default"));
            listeners.Add(new ListenerModel(listener, rules, defaultRule, identifiers.ListenerArn(listenerKey(port)))
            {
                MutualTls = MutualTls.MutualTlsSettings.From(listener.MutualAuthentication, trustStores),
            });
        }

        return new LoadBalancerModel(config, lb, identifiers, settings, listeners, targetGroups);
    }

    private static readonly IReadOnlyDictionary<string, TrustStores.TrustStore> EmptyTrustStores = new Dictionary<string, TrustStores.TrustStore>();

    /// <summary>The ARN key of a rule that was never moved: its priority.</summary>
    public static string DefaultRuleKey(int port, int priority) => priority.ToString(System.Globalization.CultureInfo.InvariantCulture);

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

    /// <summary>Every action in Order: the authentication actions (AUTH-1, ACT-50), then the routing action (ACT-1).</summary>
    private static ActionModel[] BuildActions(IReadOnlyList<ActionConfig> actions, Dictionary<string, TargetGroupModel> targetGroups)
    {
        var before = actions.OrderBy(a => a.Order ?? 0)
            .Select(global::AlbEmulator.Authentication.AuthenticationActionModel.Build)
            .Where(a => a is not null)
            .Select(a => (ActionModel)a!);
        return [.. before, BuildAction(actions, targetGroups)];
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
