using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AlbEmulator.Waf;

namespace AlbEmulator.Tests.Waf;

/// <summary>Builds web ACLs (through the registry, as the config and API do) and requests for the WAF unit tests.</summary>
internal static class WafTestAcl
{
    public static string Rule(string name, int priority, string statement, string action = """{ "Block": {} }""", string extra = "") => $$"""
        { "Name": "{{name}}", "Priority": {{priority}}, "Statement": {{statement}}, "Action": {{action}}{{extra}},
          "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "{{name}}-metric" } }
        """;

    public static string Acl(string defaultAction = "Allow", string extra = "", params string[] rules) => $$"""
        { "Name": "test-acl", "Scope": "REGIONAL", "DefaultAction": { "{{defaultAction}}": {} },
          "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "test-acl" },
          "Rules": [ {{string.Join(",", rules)}} ]{{extra}} }
        """;

    /// <summary>A registry holding the web ACL (API shape: SearchString base64) plus optional sets.</summary>
    public static (WafRegistry Registry, WebAcl Acl) Create(string aclJson, string? ipSetJson = null, string? regexSetJson = null)
    {
        var registry = new WafRegistry();
        if (ipSetJson is not null)
        {
            registry.CreateSet(true, JsonNode.Parse(ipSetJson)!.AsObject());
        }

        if (regexSetJson is not null)
        {
            registry.CreateSet(false, JsonNode.Parse(regexSetJson)!.AsObject());
        }

        var summary = registry.CreateWebAcl(JsonNode.Parse(aclJson)!.AsObject())["Summary"]!;
        var get = registry.GetWebAcl(new JsonObject { ["Name"] = summary["Name"]!.GetValue<string>(), ["Scope"] = "REGIONAL", ["Id"] = summary["Id"]!.GetValue<string>() });
        Assert.NotNull(get["WebACL"]);
        registry.Associate(new JsonObject { ["WebACLArn"] = summary["ARN"]!.GetValue<string>(), ["ResourceArn"] = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/0123456789abcdef" }, _ => true);
        return (registry, registry.ForLoadBalancer("lb")!);
    }

    public static WebAcl Compile(string aclJson) => Create(aclJson).Acl;

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static WafRequest Request(
        string path = "/",
        string query = "",
        string method = "GET",
        string body = "",
        string ip = "192.0.2.10",
        params (string Name, string Value)[] headers)
    {
        var list = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        if (!list.Any(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)))
        {
            list.Insert(0, new("Host", "app.example.com"));
        }

        var bytes = Encoding.Latin1.GetBytes(body);
        return new WafRequest(method, path, query, list, IPAddress.Parse(ip), Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, WafRequest.BodyInspectionLimit)), bytes.Length > WafRequest.BodyInspectionLimit);
    }

    public static WafVerdict Evaluate(WebAcl acl, WafRequest request, DateTimeOffset? now = null) =>
        acl.Evaluate(request, now ?? new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

    public static string ByteMatch(string field, string search, string constraint = "CONTAINS", string transforms = """[ { "Priority": 0, "Type": "NONE" } ]""") =>
        $$"""{ "ByteMatchStatement": { "SearchString": "{{B64(search)}}", "FieldToMatch": {{field}}, "TextTransformations": {{transforms}}, "PositionalConstraint": "{{constraint}}" } }""";
}
