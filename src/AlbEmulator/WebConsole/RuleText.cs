using AlbEmulator.Authentication;
using AlbEmulator.Configuration;
using AlbEmulator.Model;
using AlbEmulator.Utilities;

namespace AlbEmulator.WebConsole;

/// <summary>Rules, conditions, actions and transforms in the words the resource map and the decision trail show.</summary>
internal static class RuleText
{
    /// <summary>The config of a compiled rule (conditions and transforms as written), or null for the default rule.</summary>
    public static RuleConfig? ConfigOf(ListenerModel listener, RuleModel rule) =>
        ReferenceEquals(rule, listener.DefaultRule) ? null : listener.Config.Rules.FirstOrDefault(r => r.Priority == rule.Priority);

    public static string Condition(RuleConditionConfig condition)
    {
        var field = (condition.Field ?? "").ToLowerInvariant();
        return field switch
        {
            "host-header" => Values("host is", condition.HostHeaderConfig?.Values ?? condition.Values, condition.HostHeaderConfig?.RegexValues ?? condition.RegexValues),
            "path-pattern" => Values("path is", condition.PathPatternConfig?.Values ?? condition.Values, condition.PathPatternConfig?.RegexValues ?? condition.RegexValues),
            "http-header" => Values($"header {condition.HttpHeaderConfig?.HttpHeaderName} is", condition.HttpHeaderConfig?.Values, condition.HttpHeaderConfig?.RegexValues),
            "http-request-method" => Values("method is", condition.HttpRequestMethodConfig?.Values, null),
            "query-string" => "query string has " + OneOf((condition.QueryStringConfig?.Values ?? ValueList<QueryStringKeyValueConfig>.Empty).Select(v => v.Key is null ? $"value '{v.Value}'" : $"{v.Key}={v.Value}")),
            "source-ip" => Values("source IP is in", condition.SourceIpConfig?.Values, null),
            _ => field,
        };
    }

    public static IReadOnlyList<string> Actions(RuleModel rule) => [.. rule.Actions.Select(Action)];

    public static string Action(ActionModel action) => action switch
    {
        ForwardActionModel forward when forward.IsWeighted =>
            "forward to " + string.Join(", ", forward.Groups.Select(g => $"{g.TargetGroup.Name} (weight {g.Weight})"))
            + (forward.StickinessEnabled ? $"; target-group stickiness {forward.StickinessDurationSeconds} s" : ""),
        ForwardActionModel forward => "forward to " + string.Join(", ", forward.Groups.Select(g => g.TargetGroup.Name)),
        RedirectActionModel redirect => $"redirect {redirect.StatusCode} to {RedirectTarget(redirect.Config)}",
        FixedResponseActionModel fixedResponse => $"fixed-response {fixedResponse.StatusCode}" + (fixedResponse.ContentType is { } type ? $" ({type})" : ""),
        OidcActionModel oidc => (oidc.IsCognito ? "authenticate-cognito" : "authenticate-oidc") + (oidc.Issuer.Length > 0 ? $" with {oidc.Issuer}" : ""),
        JwtValidationActionModel => "jwt-validation",
        _ => action.LogName,
    };

    public static IReadOnlyList<string> Transforms(RuleConfig? rule) =>
        rule is null ? [] : [.. rule.Transforms.SelectMany(t =>
            (t.HostHeaderRewriteConfig?.Rewrites ?? ValueList<RewriteConfig>.Empty).Select(r => $"host-header-rewrite {r.Regex} -> {r.Replace}")
            .Concat((t.UrlRewriteConfig?.Rewrites ?? ValueList<RewriteConfig>.Empty).Select(r => $"url-rewrite {r.Regex} -> {r.Replace}")))];

    /// <summary>The target groups a rule's forward action can send to.</summary>
    public static IEnumerable<TargetGroupModel> TargetGroups(RuleModel rule) =>
        rule.Action is ForwardActionModel forward ? forward.Groups.Select(g => g.TargetGroup) : [];

    private static string RedirectTarget(RedirectActionConfig config) =>
        $"{config.Protocol ?? "#{protocol}"}://{config.Host ?? "#{host}"}:{config.Port ?? "#{port}"}{config.Path ?? "/#{path}"}?{config.Query ?? "#{query}"}";

    private static string Values(string subject, IEnumerable<string>? values, IEnumerable<string>? regexValues)
    {
        var plain = (values ?? []).ToArray();
        var regex = (regexValues ?? []).ToArray();
        return regex.Length == 0 ? $"{subject} {OneOf(plain)}" : plain.Length == 0 ? $"{subject} matching regex {OneOf(regex)}" : $"{subject} {OneOf(plain)} or matching regex {OneOf(regex)}";
    }

    private static string OneOf(IEnumerable<string> values)
    {
        var list = values.ToArray();
        return list.Length == 1 ? $"'{list[0]}'" : "one of " + string.Join(", ", list.Select(v => $"'{v}'"));
    }
}
