using AlbEmulator.Configuration;
using AlbEmulator.Utilities;
using static AlbEmulator.ControlPlane.Query.QueryXml;

namespace AlbEmulator.ControlPlane.Query;

/// <summary>The ELBv2 <c>RuleTransform</c> shape (ACT-40): <c>Transforms.member.N</c> in CreateRule/ModifyRule and in Rule responses.</summary>
internal static class TransformShapes
{
    public static ValueList<RuleTransformConfig> Read(QueryParameters request, string name) =>
        request.Members(name).Select(t => new RuleTransformConfig
        {
            Type = t.Get("Type"),
            HostHeaderRewriteConfig = Rewrites(t, "HostHeaderRewriteConfig"),
            UrlRewriteConfig = Rewrites(t, "UrlRewriteConfig"),
        }).ToValueList();

    private static RewriteListConfig? Rewrites(QueryParameters transform, string name) =>
        transform.Struct(name) is { } config
            ? new RewriteListConfig { Rewrites = config.Members("Rewrites").Select(r => new RewriteConfig(r.Get("Regex"), r.Get("Replace"))).ToValueList() }
            : null;

    /// <summary>The rule's <c>Transforms</c> element, or nothing when it has none.</summary>
    public static object? Write(RuleConfig rule) =>
        rule.Transforms.Count == 0 ? null : StructList("Transforms", rule.Transforms, Transform);

    private static IEnumerable<object?> Transform(RuleTransformConfig transform)
    {
        yield return E("Type", transform.Type);
        if (transform.HostHeaderRewriteConfig is { } host)
        {
            yield return Struct("HostHeaderRewriteConfig", RewriteList(host));
        }

        if (transform.UrlRewriteConfig is { } url)
        {
            yield return Struct("UrlRewriteConfig", RewriteList(url));
        }
    }

    private static object RewriteList(RewriteListConfig list) =>
        StructList("Rewrites", list.Rewrites, r => [E("Regex", r.Regex), E("Replace", r.Replace)]);
}
