using System.Globalization;
using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// DescribeRules, CreateRule, ModifyRule, SetRulePriorities, DeleteRule. The default rule is reported
/// with Priority <c>default</c> and IsDefault true; it cannot be deleted or re-prioritised, and its
/// actions are the listener's default actions. A rule keeps its ARN when its priority changes.
/// </summary>
internal static class RuleOperations
{
    public static IEnumerable<object?> DescribeRules(QueryParameters request, AlbControlPlane controlPlane)
    {
        var index = controlPlane.State.Index();
        var listenerArn = request.Get("ListenerArn");
        var arns = request.Strings("RuleArns");
        IReadOnlyList<(ListenerConfig Listener, RuleConfig? Rule)> rules;
        if (arns is { Count: > 0 })
        {
            rules = arns.Select(index.RequireRule).ToArray();
        }
        else if (listenerArn is not null)
        {
            var listener = index.RequireListener(listenerArn);
            rules = listener.Rules
                .OrderBy(r => r.Priority)
                .Select(r => (listener, (RuleConfig?)r))
                .Append((listener, null))
                .ToArray();
        }
        else
        {
            throw AlbApiError.Validation("You must specify either listener ARNs or rule ARNs");
        }

        return Paging.Page(request, rules, "Rules", r => ShapeWriter.Rule(index, r.Listener, r.Rule));
    }

    public static IEnumerable<object?> CreateRule(QueryParameters request, AlbControlPlane controlPlane)
    {
        var listenerArn = request.Require("ListenerArn");
        var priority = request.GetInt("Priority", 1, 50000) ?? throw AlbApiError.Missing("Priority");
        var conditions = ShapeReader.Conditions(request, "Conditions");
        var actions = ShapeReader.Actions(request, "Actions");
        if (!request.Has("Conditions"))
        {
            throw AlbApiError.Missing("Conditions");
        }

        if (actions.Count == 0)
        {
            throw AlbApiError.Missing("Actions");
        }

        var tags = ShapeReader.Tags(request, "Tags");
        var rule = new RuleConfig { Priority = priority, Conditions = conditions, Actions = actions, Transforms = TransformShapes.Read(request, "Transforms") };
        return controlPlane.Change((change, index) =>
        {
            var listener = index.RequireListener(listenerArn);
            TargetGroupChecks.RequireExisting(index, actions);
            if (listener.Rules.Any(r => r.Priority == priority))
            {
                throw new AlbApiError("PriorityInUse", $"Priority '{priority}' is currently in use");
            }

            // A moved rule may hold the ARN this priority would derive: pick an unused key then.
            var port = listener.Port ?? 0;
            var used = listener.Rules.Select(r => index.RuleKey(port, r.Priority ?? 0)).ToHashSet(StringComparer.Ordinal);
            var key = priority.ToString(CultureInfo.InvariantCulture);
            for (var n = 1; used.Contains(key); n++)
            {
                key = $"{priority}.{n}";
            }

            if (key != priority.ToString(CultureInfo.InvariantCulture))
            {
                change.RuleKeys[(port, priority)] = key;
            }

            var modified = listener with { Rules = listener.Rules.Append(rule).ToValueList() };
            Replace(change, listener, modified);
            var next = Next(change, index);
            TagOperations.Set(change, next.RuleArn(modified, rule), tags);
            return Rules(next, [(modified, rule)]);
        });
    }

    public static IEnumerable<object?> ModifyRule(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("RuleArn");
        var conditions = request.Has("Conditions") ? ShapeReader.Conditions(request, "Conditions") : null;
        var actions = request.Has("Actions") ? ShapeReader.Actions(request, "Actions") : null;
        var transforms = request.Has("Transforms") ? TransformShapes.Read(request, "Transforms")
            : request.GetBool("ResetTransforms") == true ? ValueList<RuleTransformConfig>.Empty : null;
        return controlPlane.Change((change, index) =>
        {
            var (listener, rule) = index.RequireRule(arn);
            if (actions is not null)
            {
                TargetGroupChecks.RequireExisting(index, actions);
            }

            if (rule is null)
            {
                if (conditions is { Count: > 0 })
                {
                    throw new AlbApiError("OperationNotPermitted", "Conditions cannot be added to a default rule");
                }

                if (transforms is { Count: > 0 })
                {
                    throw new AlbApiError("OperationNotPermitted", "Transforms cannot be added to a default rule");
                }

                var withDefaults = listener with { DefaultActions = actions ?? listener.DefaultActions };
                Replace(change, listener, withDefaults);
                return Rules(Next(change, index), [(withDefaults, null)]);
            }

            var modifiedRule = rule with { Conditions = conditions ?? rule.Conditions, Actions = actions ?? rule.Actions, Transforms = transforms ?? rule.Transforms };
            var modified = listener with { Rules = listener.Rules.Select(r => ReferenceEquals(r, rule) ? modifiedRule : r).ToValueList() };
            Replace(change, listener, modified);
            return Rules(Next(change, index), [(modified, modifiedRule)]);
        });
    }

    public static IEnumerable<object?> SetRulePriorities(QueryParameters request, AlbControlPlane controlPlane)
    {
        var pairs = request.Members("RulePriorities")
            .Select(p => (Arn: p.Get("RuleArn") ?? throw AlbApiError.Missing("RuleArn"), Priority: p.GetInt("Priority", 1, 50000) ?? throw AlbApiError.Missing("Priority")))
            .ToArray();
        if (pairs.Length == 0)
        {
            throw AlbApiError.Missing("RulePriorities");
        }

        return controlPlane.Change((change, index) =>
        {
            var moves = new List<(ListenerConfig Listener, RuleConfig Rule, int Priority)>();
            foreach (var (arn, priority) in pairs)
            {
                var (listener, rule) = index.RequireRule(arn);
                if (rule is null)
                {
                    throw new AlbApiError("OperationNotPermitted", "The default rule's priority cannot be modified");
                }

                moves.Add((listener, rule, priority));
            }

            var changed = new List<(int Port, RuleConfig Rule)>();
            foreach (var group in moves.GroupBy(m => m.Listener))
            {
                var listener = group.Key;
                var port = listener.Port ?? 0;
                var rules = listener.Rules.Select(r => group.FirstOrDefault(m => ReferenceEquals(m.Rule, r)) is { Rule: not null } m ? r with { Priority = m.Priority } : r).ToArray();
                var clash = rules.GroupBy(r => r.Priority).FirstOrDefault(g => g.Count() > 1);
                if (clash is not null)
                {
                    throw new AlbApiError("PriorityInUse", $"Priority '{clash.Key}' is currently in use");
                }

                // Keys move with their rules: read all of them before writing any.
                var keys = group.Select(m => (Old: m.Rule.Priority ?? 0, New: m.Priority, Key: index.RuleKey(port, m.Rule.Priority ?? 0))).ToArray();
                foreach (var (old, _, _) in keys)
                {
                    change.RuleKeys.Remove((port, old));
                }

                foreach (var (_, priority, key) in keys)
                {
                    change.RuleKeys[(port, priority)] = key;
                }

                var modified = listener with { Rules = rules.ToValueList() };
                Replace(change, listener, modified);
                changed.AddRange(group.Select(m => (port, rules[listener.Rules.ToList().IndexOf(m.Rule)])));
            }

            var next = Next(change, index);
            return Rules(next, changed.Select(c => (next.Config.AllListeners.First(l => l.Port == c.Port), (RuleConfig?)c.Rule)).ToArray());
        });
    }

    public static IEnumerable<object?> DeleteRule(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("RuleArn");
        return controlPlane.Change((change, index) =>
        {
            var (listener, rule) = index.RequireRule(arn);
            if (rule is null)
            {
                throw new AlbApiError("OperationNotPermitted", "A default rule cannot be deleted");
            }

            change.RuleKeys.Remove((listener.Port ?? 0, rule.Priority ?? 0));
            change.Tags.Remove(arn);
            Replace(change, listener, listener with { Rules = listener.Rules.Where(r => !ReferenceEquals(r, rule)).ToValueList() });
            return Array.Empty<object?>();
        });
    }

    private static void Replace(ConfigChange change, ListenerConfig listener, ListenerConfig modified) =>
        change.Config = change.Config.WithListener(listener, modified);

    /// <summary>The index of the changed config, with the changed rule keys.</summary>
    private static ResourceIndex Next(ConfigChange change, ResourceIndex index) =>
        new(change.Config, index.ListenerKey, (port, priority) => change.RuleKeys.GetValueOrDefault((port, priority)) ?? priority.ToString(CultureInfo.InvariantCulture));

    private static IEnumerable<object?> Rules(ResourceIndex index, IEnumerable<(ListenerConfig Listener, RuleConfig? Rule)> rules) =>
        [QueryXml.StructList("Rules", rules, r => ShapeWriter.Rule(index, r.Listener, r.Rule))];
}
