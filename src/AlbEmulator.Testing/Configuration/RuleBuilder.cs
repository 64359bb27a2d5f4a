using System.Text.Json.Nodes;

namespace AlbEmulator.Testing.Configuration;

/// <summary>Builds one listener rule: its <c>Conditions</c> (all must match) and its action.</summary>
public sealed class RuleBuilder
{
    private readonly JsonObject _rule;

    internal RuleBuilder(JsonObject rule) => _rule = rule;

    /// <summary>A <c>path-pattern</c> condition (<c>PathPatternConfig.Values</c>; <c>*</c> and <c>?</c> wildcards, case-sensitive).</summary>
    public RuleBuilder PathPattern(params string[] values) => Condition("path-pattern", "PathPatternConfig", new JsonObject { ["Values"] = JsonBuild.Values(values) });

    /// <summary>A <c>host-header</c> condition (<c>HostHeaderConfig.Values</c>).</summary>
    public RuleBuilder HostHeader(params string[] values) => Condition("host-header", "HostHeaderConfig", new JsonObject { ["Values"] = JsonBuild.Values(values) });

    /// <summary>An <c>http-header</c> condition (<c>HttpHeaderConfig.HttpHeaderName</c> and <c>Values</c>).</summary>
    public RuleBuilder HttpHeader(string headerName, params string[] values) =>
        Condition("http-header", "HttpHeaderConfig", new JsonObject { ["HttpHeaderName"] = headerName, ["Values"] = JsonBuild.Values(values) });

    /// <summary>An <c>http-request-method</c> condition (<c>HttpRequestMethodConfig.Values</c>).</summary>
    public RuleBuilder HttpRequestMethod(params string[] values) =>
        Condition("http-request-method", "HttpRequestMethodConfig", new JsonObject { ["Values"] = JsonBuild.Values(values) });

    /// <summary>A <c>query-string</c> condition with one <c>{Key, Value}</c> pair (a null key matches any key).</summary>
    public RuleBuilder QueryString(string? key, string value)
    {
        var pair = new JsonObject { ["Value"] = value };
        if (key is not null)
        {
            pair["Key"] = key;
        }

        return Condition("query-string", "QueryStringConfig", new JsonObject { ["Values"] = new JsonArray(pair) });
    }

    /// <summary>A <c>path-pattern</c> condition with <c>RegexValues</c> (RULE-14; an unanchored search, write <c>^…$</c>).</summary>
    public RuleBuilder PathPatternRegex(params string[] expressions) => Condition("path-pattern", "PathPatternConfig", new JsonObject { ["RegexValues"] = JsonBuild.Values(expressions) });

    /// <summary>A <c>host-header</c> condition with <c>RegexValues</c> (RULE-14; the host as received, port included).</summary>
    public RuleBuilder HostHeaderRegex(params string[] expressions) => Condition("host-header", "HostHeaderConfig", new JsonObject { ["RegexValues"] = JsonBuild.Values(expressions) });

    /// <summary>An <c>http-header</c> condition with <c>RegexValues</c> (RULE-14).</summary>
    public RuleBuilder HttpHeaderRegex(string headerName, params string[] expressions) =>
        Condition("http-header", "HttpHeaderConfig", new JsonObject { ["HttpHeaderName"] = headerName, ["RegexValues"] = JsonBuild.Values(expressions) });

    /// <summary>A <c>host-header-rewrite</c> transform (ACT-40): <paramref name="regex"/> replaced by <paramref name="replace"/> (<c>$1</c> capture groups).</summary>
    public RuleBuilder HostHeaderRewrite(string regex, string replace) => Transform("host-header-rewrite", "HostHeaderRewriteConfig", regex, replace);

    /// <summary>A <c>url-rewrite</c> transform (ACT-40) of the path and query.</summary>
    public RuleBuilder UrlRewrite(string regex, string replace) => Transform("url-rewrite", "UrlRewriteConfig", regex, replace);

    private RuleBuilder Transform(string type, string configName, string regex, string replace)
    {
        JsonBuild.Array(_rule, "Transforms").Add(new JsonObject
        {
            ["Type"] = type,
            [configName] = new JsonObject { ["Rewrites"] = new JsonArray(new JsonObject { ["Regex"] = regex, ["Replace"] = replace }) },
        });
        return this;
    }

    /// <summary>A <c>source-ip</c> condition (<c>SourceIpConfig.Values</c>, CIDR blocks).</summary>
    public RuleBuilder SourceIp(params string[] cidrs) => Condition("source-ip", "SourceIpConfig", new JsonObject { ["Values"] = JsonBuild.Values(cidrs) });

    /// <summary>Action: forward to one target group.</summary>
    public RuleBuilder Forward(string targetGroupName) => Action(JsonBuild.Forward(targetGroupName));

    /// <summary>Action: forward with a <c>ForwardConfig</c> (weighted target groups, <c>TargetGroupStickinessConfig</c>).</summary>
    public RuleBuilder Forward(Action<ForwardConfigBuilder> configure) => Action(JsonBuild.WeightedForward(configure));

    /// <summary>Action: a redirect (<c>RedirectConfig</c>); <paramref name="statusCode"/> is 301 or 302.</summary>
    public RuleBuilder Redirect(string? protocol = null, string? host = null, string? port = null, string? path = null, string? query = null, int statusCode = 301) =>
        Action(JsonBuild.Redirect(protocol, host, port, path, query, statusCode));

    /// <summary>Action: a fixed response (<c>FixedResponseConfig</c>).</summary>
    public RuleBuilder FixedResponse(int statusCode, string? contentType = null, string? messageBody = null) =>
        Action(JsonBuild.FixedResponse(statusCode, contentType, messageBody));

    /// <summary>Edits the rule's JSON directly, for anything this builder has no method for.</summary>
    public RuleBuilder Raw(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        edit(_rule);
        return this;
    }

    private RuleBuilder Condition(string field, string configName, JsonObject config)
    {
        JsonBuild.Array(_rule, "Conditions").Add(new JsonObject { ["Field"] = field, [configName] = config });
        return this;
    }

    private RuleBuilder Action(JsonObject action)
    {
        _rule["Actions"] = new JsonArray(action);
        return this;
    }
}
