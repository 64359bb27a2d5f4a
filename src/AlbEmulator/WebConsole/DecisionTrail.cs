using System.Globalization;
using AlbEmulator.Configuration;
using AlbEmulator.Errors;
using AlbEmulator.Limits;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Protocol;
using AlbEmulator.Rules;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.WebConsole;

/// <summary>
/// Turns a recorded request (<see cref="TrailEntry"/>) into its decision trail, in the lifecycle's order
/// (Pipeline/RequestLifecycle): the wire, the checks before routing, WAF, each rule in priority order
/// (the ones that did not match, with the condition that failed), the checks after routing, the transform,
/// the rule's actions, the target group and target and why, and for an ALB-generated error its cause and
/// fix from the error catalogue. Runs only when the API is read.
/// </summary>
public static class DecisionTrail
{
    /// <summary>The wire checks of <see cref="AlbCheckOrder.Wire"/> with the status each answers, in their order.</summary>
    private static readonly string WireChecks = string.Join(", ", AlbCheckOrder.Wire.Select(c => $"{AlbErrorCatalog.Get(c.Error).StatusCode} {c.Name}"));

    private static readonly TrailStep NotRouted = new("rules", "skip", "The listener's rules were not evaluated: the request ended before routing.");

    /// <summary>The request as the explorer lists it: its access-log fields.</summary>
    public static RequestSummary Summarize(in TrailEntry entry)
    {
        var (path, query) = RequestFacts.SplitTarget(entry.RawTarget ?? "/");
        return new RequestSummary(
            entry.Sequence,
            entry.TraceId,
            entry.ReceivedUtc.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            Math.Round(entry.Elapsed.TotalMilliseconds, 3),
            entry.LoadBalancer.Identifiers.LoadBalancerName,
            entry.Listener.Arn,
            $"{entry.Listener.Protocol}:{entry.Listener.PortText}",
            entry.ClientAddress is { } client ? $"{client}:{entry.ClientPort}" : "-",
            entry.Method,
            entry.Host,
            path,
            query,
            entry.Protocol,
            entry.StatusCode,
            entry.TargetStatusCode == 0 ? null : entry.TargetStatusCode,
            entry.TargetGroup?.Name,
            entry.Target?.LogAddress,
            entry.Rule is null ? null : entry.Rule.Priority == 0 ? "default" : entry.Rule.Priority.ToString(CultureInfo.InvariantCulture),
            entry.ActionsExecuted,
            entry.Error == AlbError.None ? null : entry.Error.ToString(),
            ErrorReason(entry),
            entry.Classification ?? (entry.WireCheck is not null || HttpProtocol.IsHttp2(entry.Protocol) ? null : "Compliant"),
            entry.UserAgent.Count == 0 ? null : entry.UserAgent.ToString(),
            entry.Error != AlbError.None ? "alb" : entry.Outcome == OutcomeKind.Respond ? "alb-action" : "target");
    }

    /// <summary>Every step the emulator took for the request, in order.</summary>
    public static IReadOnlyList<TrailStep> Explain(in TrailEntry entry)
    {
        var steps = new List<TrailStep>();
        if (entry.WireCheck is not null)
        {
            WireRejection(entry, steps);
            Outcome(entry, steps);
            return steps;
        }

        Wire(entry, steps);
        if (!Checks("before routing", AlbCheckOrder.BeforeRouting, entry, steps))
        {
            steps.Add(NotRouted);
            Outcome(entry, steps);
            return steps;
        }

        if (entry.ActionsExecuted?.Split(',').Contains("waf") == true || entry.Error is AlbError.WafBlocked or AlbError.WafFailed)
        {
            steps.Add(entry.Error is AlbError.WafBlocked or AlbError.WafFailed
                ? new TrailStep("waf", "fail", entry.Error == AlbError.WafBlocked ? "AWS WAF blocked the request (a Block rule or the web ACL's default action)." : "AWS WAF could not evaluate the request and fail-open is off.")
                : new TrailStep("waf", "pass", "AWS WAF evaluated the request and let it through."));
        }

        if (entry.Rule is null)
        {
            steps.Add(NotRouted);
            Outcome(entry, steps);
            return steps;
        }

        Rules(entry, steps);
        if (!Checks("after routing", AlbCheckOrder.AfterRouting, entry, steps))
        {
            Outcome(entry, steps);
            return steps;
        }

        Transform(entry, steps);
        Actions(entry, steps);
        Outcome(entry, steps);
        return steps;
    }

    private static void Wire(in TrailEntry entry, List<TrailStep> steps)
    {
        if (HttpProtocol.IsHttp2(entry.Protocol))
        {
            steps.Add(new TrailStep("wire", "pass", $"{entry.Protocol}: binary framing, no desync classification applies; the listener's HTTP/2 limits were respected."));
            return;
        }

        steps.Add(new TrailStep("wire", "pass", $"{entry.Protocol}: the head passed the wire checks in ALB's order ({WireChecks})."));
        steps.Add(entry.Classification is null
            ? new TrailStep("classification", "pass", "Desync mitigation classified the request as Compliant (RFC 7230).")
            : new TrailStep("classification", entry.Error == AlbError.DesyncBlocked ? "fail" : "info",
                $"Desync mitigation classified the request as {entry.Classification}: {entry.ClassificationReason}."));
    }

    /// <summary>A head rejected on the wire: which check rejected it and why, its desync classification, no routing.</summary>
    private static void WireRejection(in TrailEntry entry, List<TrailStep> steps)
    {
        var request = entry.Protocol == "-" ? "The head (its request line could not be parsed)" : $"{entry.Protocol} {entry.Method} {entry.RawTarget}";
        steps.Add(new TrailStep("wire", "fail", $"{request}: rejected on the wire by the {entry.WireCheck} check, before the request reached the pipeline. {entry.WireReason}"));
        steps.Add(entry.Classification is null
            ? new TrailStep("classification", "skip", "No desync classification was logged: the head was incomplete, or it complied with RFC 7230.")
            : new TrailStep("classification", entry.Error == AlbError.DesyncBlocked ? "fail" : "info",
                $"Desync mitigation classified the request as {entry.Classification}: {entry.ClassificationReason}."));
        steps.Add(new TrailStep("rules", "skip", "The listener's rules were not evaluated: the connection was answered and closed on the wire."));
    }

    private static bool Checks(string stage, IReadOnlyList<IAlbCheck> checks, in TrailEntry entry, List<TrailStep> steps)
    {
        foreach (var check in checks)
        {
            var (error, passed) = check switch
            {
                TraceMethodCheck => (AlbError.MethodNotAllowed, "the method is not TRACE"),
                ForwardedForLimitCheck => (AlbError.TooManyForwardedForAddresses, "X-Forwarded-For holds at most 30 addresses"),
                ProtocolVersionCheck => (AlbError.IncompatibleProtocol, "the request's protocol suits the target group's protocol version"),
                _ => (AlbError.None, check.GetType().Name),
            };
            if (error != AlbError.None && entry.Error == error)
            {
                steps.Add(new TrailStep($"check {stage}", "fail", $"{AlbErrorCatalog.Get(error).Title}: {AlbErrorCatalog.Get(error).Trigger}"));
                return false;
            }

            steps.Add(new TrailStep($"check {stage}", "pass", $"Passed: {passed}."));
        }

        return true;
    }

    private static void Rules(in TrailEntry entry, List<TrailStep> steps)
    {
        var listener = entry.Listener;
        var rule = entry.Rule!;
        var facts = Facts(entry);
        steps.Add(new TrailStep("rules", "info", $"Listener {listener.Protocol}:{listener.PortText} has {listener.Rules.Count} rule(s) besides the default; they are evaluated in priority order, the first whose conditions all match wins."));
        for (var i = 0; i < listener.Rules.Count; i++)
        {
            var candidate = listener.Rules[i];
            if (ReferenceEquals(candidate, rule))
            {
                steps.Add(new TrailStep("rule", "pass", $"Priority {candidate.Priority} matched: {ConditionsText(listener, candidate)}."));
                return;
            }

            steps.Add(new TrailStep("rule", "skip", $"Priority {candidate.Priority} did not match: {WhyNot(listener, candidate, facts)}."));
        }

        steps.Add(new TrailStep("rule", "pass", "No rule matched: the listener's default action applies."));
    }

    private static string ConditionsText(ListenerModel listener, RuleModel rule) =>
        RuleText.ConfigOf(listener, rule) is { } config && config.Conditions.Count > 0
            ? string.Join(" and ", config.Conditions.Select(RuleText.Condition))
            : "no conditions";

    private static string WhyNot(ListenerModel listener, RuleModel rule, in RuleMatchRequest facts)
    {
        if (RuleText.ConfigOf(listener, rule) is not { } config)
        {
            return "its conditions are not in the configuration any more";
        }

        foreach (var condition in config.Conditions)
        {
            bool matches;
            try
            {
                matches = RuleConditionSet.Compile([condition]).Matches(facts);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (!matches)
            {
                return $"{RuleText.Condition(condition)}, but {Actual(condition, facts)}";
            }
        }

        return "its conditions all hold for the recorded facts (a header the trail does not keep may have differed)";
    }

    private static string Actual(RuleConditionConfig condition, in RuleMatchRequest facts) => (condition.Field ?? "").ToLowerInvariant() switch
    {
        "host-header" => facts.Host is null ? "the request has no Host" : $"the request's host is '{facts.Host}'",
        "path-pattern" => $"the request's path is '{facts.Path}'",
        "http-header" => facts.Headers.TryGetValue(condition.HttpHeaderConfig?.HttpHeaderName ?? "", out var value) && value.Count > 0
            ? $"the request's {condition.HttpHeaderConfig!.HttpHeaderName} is '{value}'"
            : $"the request has no {condition.HttpHeaderConfig?.HttpHeaderName} header",
        "http-request-method" => $"the request's method is {facts.Method}",
        "query-string" => facts.QueryString.Length == 0 ? "the request has no query string" : $"the request's query string is '{facts.QueryString}'",
        "source-ip" => $"the request came from {facts.RemoteIpAddress}",
        _ => "the request differs",
    };

    private static RuleMatchRequest Facts(in TrailEntry entry)
    {
        var headers = new HeaderDictionary();
        var names = ConditionHeaders.For(entry.Listener);
        if (entry.ConditionHeaders is { } values)
        {
            for (var i = 0; i < names.Length && i < values.Length; i++)
            {
                if (values[i].Count > 0)
                {
                    headers[names[i]] = values[i];
                }
            }
        }

        var (path, query) = RequestFacts.SplitTarget(entry.RawTarget ?? "/");
        return new RuleMatchRequest(entry.Method, entry.Host, path, query, headers, entry.ClientAddress);
    }

    private static void Transform(in TrailEntry entry, List<TrailStep> steps)
    {
        var rule = entry.Rule!;
        if (rule.Transforms.IsEmpty)
        {
            return;
        }

        var written = RuleText.Transforms(RuleText.ConfigOf(entry.Listener, rule));
        if (entry.Error == AlbError.TransformFailed)
        {
            steps.Add(new TrailStep("transform", "fail", $"The rule's transform failed ({entry.RequestTransformStatus}): {string.Join("; ", written)}."));
            return;
        }

        var result = entry.TransformedHost is null && entry.TransformedUri is null
            ? "nothing was rewritten (no regex matched)"
            : string.Join(", ", new[] { entry.TransformedHost is { } h ? $"host became '{h}'" : null, entry.TransformedUri is { } u ? $"URI became '{u}'" : null }.Where(s => s is not null));
        steps.Add(new TrailStep("transform", "pass", $"{string.Join("; ", written)}: {result}."));
    }

    private static void Actions(in TrailEntry entry, List<TrailStep> steps)
    {
        var rule = entry.Rule!;
        var executed = entry.ActionsExecuted?.Split(',') ?? [];
        foreach (var action in rule.Actions)
        {
            if (!executed.Contains(action.LogName))
            {
                continue;
            }

            if (action is ForwardActionModel forward)
            {
                Forward(entry, forward, steps);
            }
            else if (action is RedirectActionModel redirect)
            {
                steps.Add(new TrailStep("action", "pass", $"redirect {redirect.StatusCode} to {entry.RedirectUrl ?? RuleText.Action(redirect)}."));
            }
            else if (action is FixedResponseActionModel)
            {
                steps.Add(new TrailStep("action", "pass", RuleText.Action(action) + ": the load balancer answered itself."));
            }
            else
            {
                var failed = entry.Error is AlbError.AuthenticationDenied or AlbError.AuthenticationFailed or AlbError.IdentityProviderError or AlbError.AuthenticationError or AlbError.JwtValidationFailed;
                steps.Add(new TrailStep("action", failed && ReferenceEquals(action, LastRun(rule, executed)) ? "fail" : "pass",
                    RuleText.Action(action) + (entry.Outcome == OutcomeKind.Respond && entry.StatusCode is 302 or 401 ? $": answered {entry.StatusCode} (sign-in needed)" : "")));
            }
        }
    }

    private static ActionModel? LastRun(RuleModel rule, string[] executed) =>
        rule.Actions.LastOrDefault(a => executed.Contains(a.LogName));

    private static void Forward(in TrailEntry entry, ForwardActionModel forward, List<TrailStep> steps)
    {
        if (entry.TargetGroup is not { } group)
        {
            steps.Add(new TrailStep("target group", "fail", forward.TotalWeight == 0
                ? "forward: every target group has weight 0, nothing can be chosen."
                : "forward: no target group was chosen."));
            return;
        }

        var why = forward.IsWeighted
            ? $"weighted choice among {string.Join(", ", forward.Groups.Select(g => $"{g.TargetGroup.Name} ({g.Weight})"))}"
              + (forward.StickinessEnabled ? (HasCookie(entry.Cookie, "AWSALBTG") ? "; the request's AWSALBTG cookie keeps it on its group while valid" : "; no AWSALBTG cookie: chosen by weight and pinned with a new one") : "")
            : "the rule forwards to this group only";
        steps.Add(new TrailStep("target group", "pass", $"{group.Name} ({group.Resolved.Protocol} {group.Resolved.ProtocolVersion}, {group.Resolved.TargetType}): {why}."));
        if (group.Resolved.TargetType == TargetTypes.Lambda)
        {
            steps.Add(new TrailStep("target", "pass", "The Lambda function was invoked (no target selection)."));
            return;
        }

        if (entry.Target is not { } target)
        {
            steps.Add(new TrailStep("target", "fail", "No target could receive the request: none registered, or every one is unused or draining (with fail-open, unhealthy targets would still get it)."));
            return;
        }

        var attributes = group.Attributes;
        var algorithm = attributes.Algorithm switch
        {
            LoadBalancingAlgorithm.LeastOutstandingRequests => "least outstanding requests (the routable target with the fewest requests in flight)",
            LoadBalancingAlgorithm.WeightedRandom => "weighted random" + (attributes.AnomalyMitigation ? " with anomaly mitigation" : ""),
            _ => "round robin (the next routable target in turn)",
        };
        var stickiness = attributes.Stickiness switch
        {
            StickinessType.LbCookie => HasCookie(entry.Cookie, "AWSALB")
                ? "; stickiness lb_cookie: the request carried AWSALB, which keeps it on the target it names while that target is routable"
                : "; stickiness lb_cookie: no AWSALB cookie, so the algorithm chose and AWSALB pins the target from now on",
            StickinessType.AppCookie => HasCookie(entry.Cookie, "AWSALBAPP-")
                ? $"; stickiness app_cookie ({attributes.AppCookieName}): the request carried AWSALBAPP, which keeps it on its target"
                : $"; stickiness app_cookie ({attributes.AppCookieName}): no AWSALBAPP cookie, so the algorithm chose",
            _ => "",
        };
        var health = group.State.Targets.FirstOrDefault(t => ReferenceEquals(t.Model, target))?.Health;
        steps.Add(new TrailStep("target", "pass", $"{target.LogAddress} by {algorithm}{stickiness}" + (health is null ? "." : $"; its health at the time of reading: {health.StateName}.")));
        if (entry.TargetStatusCode != 0)
        {
            steps.Add(new TrailStep("target response", "pass", $"The target answered {entry.TargetStatusCode}."));
        }
    }

    private static void Outcome(in TrailEntry entry, List<TrailStep> steps)
    {
        if (entry.Error == AlbError.None)
        {
            steps.Add(new TrailStep("response", "pass", entry.Outcome == OutcomeKind.Completed
                ? $"{entry.StatusCode} from the target, passed to the client."
                : $"{entry.StatusCode} generated by the load balancer's action."));
            return;
        }

        var descriptor = AlbErrorCatalog.Get(entry.Error);
        steps.Add(new TrailStep("response", "fail",
            $"ALB-generated {descriptor.Title} ({descriptor.Error}, {descriptor.SpecId}). Cause: {descriptor.Trigger}"
            + (string.IsNullOrEmpty(entry.ErrorDetail) ? "" : " " + entry.ErrorDetail)
            + $" Fix: {descriptor.Fix}"));
    }

    private static string? ErrorReason(in TrailEntry entry)
    {
        if (entry.ErrorReason is not null)
        {
            return entry.ErrorReason;
        }

        return entry.Error == AlbError.None || AlbErrorCatalog.Get(entry.Error).ErrorReason == "-" ? null : AlbErrorCatalog.Get(entry.Error).ErrorReason;
    }

    private static bool HasCookie(Microsoft.Extensions.Primitives.StringValues cookies, string prefix)
    {
        foreach (var header in cookies)
        {
            if (header is null)
            {
                continue;
            }

            foreach (var pair in header.Split(';'))
            {
                if (pair.TrimStart().StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>One step of a decision trail: the lifecycle stage, <c>pass</c> / <c>fail</c> / <c>skip</c> / <c>info</c>, and what happened.</summary>
public sealed record TrailStep(string Stage, string Result, string Text);

/// <summary>A recorded request as the explorer lists it (access-log fields).</summary>
public sealed record RequestSummary(
    long Sequence,
    string? TraceId,
    string Time,
    double ElapsedMs,
    string LoadBalancer,
    string ListenerArn,
    string Listener,
    string Client,
    string Method,
    string? Host,
    string Path,
    string Query,
    string Protocol,
    int ElbStatusCode,
    int? TargetStatusCode,
    string? TargetGroup,
    string? Target,
    string? MatchedRule,
    string? ActionsExecuted,
    string? AlbError,
    string? ErrorReason,
    string? Classification,
    string? UserAgent,
    string AnsweredBy);
