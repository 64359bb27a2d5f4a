using System.Text.Json.Nodes;
using AlbEmulator.Waf;
using static AlbEmulator.Tests.Waf.WafTestAcl;

namespace AlbEmulator.Tests.Waf;

/// <summary>The WAFv2 API semantics behind the admin endpoint: lock tokens, duplicates, references, associations.</summary>
public sealed class WafRegistryTests
{
    private const string LbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/0123456789abcdef";

    private static JsonObject J(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void IpSetUpdate_ChangesTheAssociatedWebAclAtOnce()
    {
        var registry = new WafRegistry();
        var set = registry.CreateSet(true, J("""{ "Name": "deny", "Scope": "REGIONAL", "IPAddressVersion": "IPV4", "Addresses": [ "192.0.2.0/24" ] }"""))["Summary"]!;
        var acl = registry.CreateWebAcl(J(Acl("Allow", "", Rule("deny", 1, $$"""{ "IPSetReferenceStatement": { "ARN": "{{set["ARN"]}}" } }"""))))["Summary"]!;
        registry.Associate(J($$"""{ "WebACLArn": "{{acl["ARN"]}}", "ResourceArn": "{{LbArn}}" }"""), n => n == "lb");
        Assert.Equal(WafActionKind.Block, Evaluate(registry.ForLoadBalancer("lb")!, Request(ip: "192.0.2.9")).Action.Kind);

        var setId = new JsonObject { ["Name"] = "deny", ["Scope"] = "REGIONAL", ["Id"] = set["Id"]!.GetValue<string>() };
        var stale = set["LockToken"]!.GetValue<string>();
        var update = (JsonObject)setId.DeepClone();
        update["Addresses"] = new JsonArray("198.51.100.0/24");
        update["LockToken"] = stale;
        registry.UpdateSet(true, update);
        Assert.Equal(WafActionKind.Allow, Evaluate(registry.ForLoadBalancer("lb")!, Request(ip: "192.0.2.9")).Action.Kind);
        Assert.Equal(WafActionKind.Block, Evaluate(registry.ForLoadBalancer("lb")!, Request(ip: "198.51.100.1")).Action.Kind);

        Assert.Equal("WAFOptimisticLockException", Assert.Throws<WafApiException>(() => registry.UpdateSet(true, update)).Code);
        var delete = (JsonObject)setId.DeepClone();
        delete["LockToken"] = registry.GetSet(true, setId)["LockToken"]!.GetValue<string>();
        Assert.Equal("WAFAssociatedItemException", Assert.Throws<WafApiException>(() => registry.DeleteSet(true, delete)).Code);
    }

    [Fact]
    public void WebAcl_Lifecycle()
    {
        var registry = new WafRegistry();
        var acl = registry.CreateWebAcl(J(Acl()))["Summary"]!;
        Assert.Equal("WAFDuplicateItemException", Assert.Throws<WafApiException>(() => registry.CreateWebAcl(J(Acl()))).Code);
        Assert.Single(registry.ListWebAcls(J("""{ "Scope": "REGIONAL" }"""))["WebACLs"]!.AsArray());
        Assert.Equal("WAFNonexistentItemException", Assert.Throws<WafApiException>(() => registry.Associate(J($$"""{ "WebACLArn": "{{acl["ARN"]}}", "ResourceArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/1" }"""), n => n == "lb")).Code);
        registry.Associate(J($$"""{ "WebACLArn": "{{acl["ARN"]}}", "ResourceArn": "{{LbArn}}" }"""), n => n == "lb");
        Assert.Equal(acl["ARN"]!.GetValue<string>(), registry.GetWebAclForResource(J($$"""{ "ResourceArn": "{{LbArn}}" }"""), _ => true)["WebACL"]!["ARN"]!.GetValue<string>());

        var id = new JsonObject { ["Name"] = "test-acl", ["Scope"] = "REGIONAL", ["Id"] = acl["Id"]!.GetValue<string>(), ["LockToken"] = acl["LockToken"]!.GetValue<string>() };
        Assert.Equal("WAFAssociatedItemException", Assert.Throws<WafApiException>(() => registry.DeleteWebAcl(id)).Code);
        registry.Disassociate(J($$"""{ "ResourceArn": "{{LbArn}}" }"""), _ => true);
        Assert.Null(registry.ForLoadBalancer("lb"));
        Assert.Empty(registry.GetWebAclForResource(J($$"""{ "ResourceArn": "{{LbArn}}" }"""), _ => true));
        registry.DeleteWebAcl(id);
        Assert.Empty(registry.ListWebAcls(J("""{ "Scope": "REGIONAL" }"""))["WebACLs"]!.AsArray());
        Assert.Equal("WAFInvalidParameterException", Assert.Throws<WafApiException>(() => registry.ListWebAcls(J("""{ "Scope": "CLOUDFRONT" }"""))).Code);
    }
}
