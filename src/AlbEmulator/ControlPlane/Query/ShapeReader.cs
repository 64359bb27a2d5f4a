using AlbEmulator.Configuration;
using AlbEmulator.TargetGroups;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Query;

/// <summary>
/// Reads the ELBv2 request shapes (alb-observability-api §4.8) into the config records the config
/// file uses, so both go through the same validator. Members AlbEmulator does not model are ignored.
/// </summary>
internal static class ShapeReader
{
    public static ValueList<ActionConfig> Actions(QueryParameters request, string name) =>
        request.Members(name).Select(Action).ToValueList();

    public static ActionConfig Action(QueryParameters a) => new()
    {
        Type = a.Get("Type") ?? throw AlbApiError.Missing("Type"),
        Order = a.GetInt("Order", 1, 50000),
        TargetGroupArn = a.Get("TargetGroupArn"),
        ForwardConfig = a.Struct("ForwardConfig") is { } forward ? new ForwardActionConfig
        {
            TargetGroups = forward.Members("TargetGroups").Select(t => new TargetGroupTupleConfig
            {
                TargetGroupArn = t.Get("TargetGroupArn"),
                Weight = t.GetInt("Weight"),
            }).ToValueList(),
            TargetGroupStickinessConfig = forward.Struct("TargetGroupStickinessConfig") is { } sticky ? new TargetGroupStickinessConfig
            {
                Enabled = sticky.GetBool("Enabled"),
                DurationSeconds = sticky.GetInt("DurationSeconds"),
            } : null,
        } : null,
        RedirectConfig = a.Struct("RedirectConfig") is { } redirect ? new RedirectActionConfig
        {
            Protocol = redirect.Get("Protocol"),
            Host = redirect.Get("Host"),
            Port = redirect.Get("Port"),
            Path = redirect.Get("Path"),
            Query = redirect.Get("Query"),
            StatusCode = redirect.Get("StatusCode"),
        } : null,
        FixedResponseConfig = a.Struct("FixedResponseConfig") is { } fixedResponse ? new FixedResponseActionConfig
        {
            StatusCode = fixedResponse.Get("StatusCode"),
            ContentType = fixedResponse.Get("ContentType"),
            MessageBody = fixedResponse.Get("MessageBody"),
        } : null,
    };

    public static ValueList<RuleConditionConfig> Conditions(QueryParameters request, string name) =>
        request.Members(name).Select(Condition).ToValueList();

    public static RuleConditionConfig Condition(QueryParameters c) => new()
    {
        Field = c.Get("Field"),
        Values = c.Strings("Values")?.ToValueList(),
        RegexValues = c.Strings("RegexValues")?.ToValueList(),
        HostHeaderConfig = ValuesConfig(c, "HostHeaderConfig"),
        PathPatternConfig = ValuesConfig(c, "PathPatternConfig"),
        HttpRequestMethodConfig = ValuesConfig(c, "HttpRequestMethodConfig"),
        SourceIpConfig = ValuesConfig(c, "SourceIpConfig"),
        HttpHeaderConfig = c.Struct("HttpHeaderConfig") is { } header ? new HttpHeaderConditionConfig
        {
            HttpHeaderName = header.Get("HttpHeaderName"),
            Values = (header.Strings("Values") ?? []).ToValueList(),
            RegexValues = header.Strings("RegexValues")?.ToValueList(),
        } : null,
        QueryStringConfig = c.Struct("QueryStringConfig") is { } query ? new QueryStringConditionConfig
        {
            Values = query.Members("Values").Select(v => new QueryStringKeyValueConfig(v.Get("Key"), v.Get("Value"))).ToValueList(),
        } : null,
    };

    private static ValuesConditionConfig? ValuesConfig(QueryParameters c, string name) =>
        c.Struct(name) is { } config
            ? new ValuesConditionConfig { Values = (config.Strings("Values") ?? []).ToValueList(), RegexValues = config.Strings("RegexValues")?.ToValueList() }
            : null;

    /// <summary>Tags, each checked as AWS checks it (<see cref="TagRules"/>).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Tags(QueryParameters request, string name) =>
        request.Members(name).Select(t => TagRules.Check(t.Get("Key") ?? throw AlbApiError.Missing("Key"), t.Get("Value") ?? "")).ToArray();

    public static ValueList<AttributeConfig> Attributes(QueryParameters request) =>
        request.Members("Attributes").Select(a => new AttributeConfig(a.Get("Key") ?? throw AlbApiError.Missing("Key"), a.Get("Value") ?? "")).ToValueList();

    public static IReadOnlyList<TargetDescription> Targets(QueryParameters request) =>
        request.Members("Targets").Select(t => new TargetDescription(t.Get("Id") ?? throw AlbApiError.Missing("Id"), t.GetInt("Port", 1, 65535))).ToArray();

    public static MatcherConfig? Matcher(QueryParameters request) =>
        request.Struct("Matcher") is { } matcher ? new MatcherConfig { HttpCode = matcher.Get("HttpCode"), GrpcCode = matcher.Get("GrpcCode") } : null;
}
