using System.Text.Json;
using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration.Reading;

/// <summary>Builds <see cref="ListenerConfig"/> and everything nested in it (rules, conditions, actions).</summary>
internal static class ListenerReader
{
    public static ListenerConfig Read(JsonObjectReader o, List<ConfigError> errors)
    {
        var port = o.Int("Port");
        var resource = o.Resource;
        return new ListenerConfig
        {
            Port = port,
            Protocol = o.String("Protocol"),
            SslPolicy = o.String("SslPolicy"),
            Certificates = o.ObjectList("Certificates", ReadCertificate) ?? ValueList<CertificateConfig>.Empty,
            DefaultActions = o.ObjectList("DefaultActions", ReadAction) ?? ValueList<ActionConfig>.Empty,
            Rules = ReadRules(o, errors, resource),
            ListenerAttributes = o.ObjectList("ListenerAttributes", TargetGroupReader.ReadAttribute) ?? ValueList<AttributeConfig>.Empty,
            MutualAuthentication = o.Object("MutualAuthentication", TrustStoreReader.ReadMutualAuthentication),
            GeneratedCertificateNames = o.StringList("GeneratedCertificateNames") ?? ValueList<string>.Empty,
        };
    }

    private static ValueList<RuleConfig> ReadRules(JsonObjectReader listener, List<ConfigError> errors, string listenerResource)
    {
        var rules = listener.List("Rules", (item, _, index) =>
        {
            var resource = ResourceNames.Rule(listenerResource, PeekInt(item, "Priority"), index);
            var o = JsonObjectReader.Open(item, errors, resource, "");
            if (o is null)
            {
                return null;
            }

            var rule = new RuleConfig
            {
                Priority = o.Int("Priority"),
                Conditions = o.ObjectList("Conditions", ReadCondition) ?? ValueList<RuleConditionConfig>.Empty,
                Actions = o.ObjectList("Actions", ReadAction) ?? ValueList<ActionConfig>.Empty,
                Transforms = o.ObjectList("Transforms", ReadTransform) ?? ValueList<RuleTransformConfig>.Empty,
            };
            o.Finish();
            return rule;
        });
        return rules ?? ValueList<RuleConfig>.Empty;
    }

    /// <summary>An integer property used only to name a resource; no errors (the real read reports them).</summary>
    public static int? PeekInt(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return JsonValues.ToInt(value, [], "", "");
    }

    private static RuleTransformConfig ReadTransform(JsonObjectReader o) => new()
    {
        Type = o.String("Type"),
        HostHeaderRewriteConfig = o.Object("HostHeaderRewriteConfig", ReadRewrites),
        UrlRewriteConfig = o.Object("UrlRewriteConfig", ReadRewrites),
    };

    private static RewriteListConfig ReadRewrites(JsonObjectReader o) => new()
    {
        Rewrites = o.ObjectList("Rewrites", r => new RewriteConfig(r.String("Regex"), r.String("Replace"))) ?? ValueList<RewriteConfig>.Empty,
    };

    private static CertificateConfig ReadCertificate(JsonObjectReader o) => new()
    {
        CertificateFile = o.String("CertificateFile"),
        PrivateKeyFile = o.String("PrivateKeyFile"),
        CertificateArn = o.String("CertificateArn"),
    };

    private static RuleConditionConfig ReadCondition(JsonObjectReader o) => new()
    {
        Field = o.String("Field"),
        Values = o.StringList("Values"),
        RegexValues = o.StringList("RegexValues"),
        HostHeaderConfig = o.Object("HostHeaderConfig", ReadValues),
        PathPatternConfig = o.Object("PathPatternConfig", ReadValues),
        HttpHeaderConfig = o.Object("HttpHeaderConfig", h => new HttpHeaderConditionConfig
        {
            HttpHeaderName = h.String("HttpHeaderName"),
            Values = h.StringList("Values") ?? ValueList<string>.Empty,
            RegexValues = h.StringList("RegexValues"),
        }),
        HttpRequestMethodConfig = o.Object("HttpRequestMethodConfig", ReadValues),
        QueryStringConfig = o.Object("QueryStringConfig", q => new QueryStringConditionConfig
        {
            Values = q.ObjectList("Values", kv => new QueryStringKeyValueConfig(kv.String("Key"), kv.String("Value")))
                ?? ValueList<QueryStringKeyValueConfig>.Empty,
        }),
        SourceIpConfig = o.Object("SourceIpConfig", ReadValues),
    };

    private static ValuesConditionConfig ReadValues(JsonObjectReader o) => new()
    {
        Values = o.StringList("Values") ?? ValueList<string>.Empty,
        RegexValues = o.StringList("RegexValues"),
    };

    public static ActionConfig ReadAction(JsonObjectReader o) => new()
    {
        Type = o.String("Type"),
        Order = o.Int("Order"),
        TargetGroupName = o.String("TargetGroupName"),
        TargetGroupArn = o.String("TargetGroupArn"),
        ForwardConfig = o.Object("ForwardConfig", f => new ForwardActionConfig
        {
            TargetGroups = f.ObjectList("TargetGroups", t => new TargetGroupTupleConfig
            {
                TargetGroupName = t.String("TargetGroupName"),
                TargetGroupArn = t.String("TargetGroupArn"),
                Weight = t.Int("Weight"),
            }) ?? ValueList<TargetGroupTupleConfig>.Empty,
            TargetGroupStickinessConfig = f.Object("TargetGroupStickinessConfig", s => new TargetGroupStickinessConfig
            {
                Enabled = s.Bool("Enabled"),
                DurationSeconds = s.Int("DurationSeconds"),
            }),
        }),
        RedirectConfig = o.Object("RedirectConfig", r => new RedirectActionConfig
        {
            Protocol = r.String("Protocol"),
            Host = r.String("Host"),
            Port = r.String("Port"),
            Path = r.String("Path"),
            Query = r.String("Query"),
            StatusCode = r.String("StatusCode"),
        }),
        FixedResponseConfig = o.Object("FixedResponseConfig", r => new FixedResponseActionConfig
        {
            StatusCode = r.String("StatusCode"),
            ContentType = r.String("ContentType"),
            MessageBody = r.String("MessageBody"),
        }),
        AuthenticateOidcConfig = o.Object("AuthenticateOidcConfig", AuthenticationReader.ReadOidc),
        AuthenticateCognitoConfig = o.Object("AuthenticateCognitoConfig", AuthenticationReader.ReadCognito),
        JwtValidationConfig = o.Object("JwtValidationConfig", AuthenticationReader.ReadJwtValidation),
    };
}
