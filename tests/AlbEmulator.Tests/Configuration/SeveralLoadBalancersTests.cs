using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Model;

namespace AlbEmulator.Tests.Configuration;

/// <summary>config-format.md §4: several load balancers in one document — reading, validation and the model.</summary>
public sealed class SeveralLoadBalancersTests
{
    internal const string TwoLoadBalancers = """
        {
          "LoadBalancers": [
            { "Name": "public",
              "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "30" }, { "Key": "routing.http.desync_mitigation_mode", "Value": "strictest" } ],
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ] },
            { "Name": "internal", "Scheme": "internal", "IpAddressType": "dualstack",
              "Listeners": [ { "Port": 9080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "api" } ] },
                             { "Port": 9081, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "204" } } ] } ] }
          ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "10.0.0.1" } ] },
            { "Name": "api", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "10.0.0.2" } ] }
          ]
        }
        """;

    private static AlbConfig Read(string json)
    {
        var read = AlbConfigReader.ReadJson(json, "/tmp");
        Assert.Empty(read.Errors);
        return read.Config!;
    }

    private static IReadOnlyList<string> Errors(string json) => AlbConfigValidator.Validate(Read(json)).Select(e => e.ToString()).ToArray();

    [Fact]
    public void Read_TwoLoadBalancers_EachWithItsOwnListenersAndSettings()
    {
        var config = Read(TwoLoadBalancers);

        Assert.Equal(["public", "internal"], config.LoadBalancers.Select(lb => lb.Name));
        Assert.Equal([8080], config.LoadBalancers[0].Listeners.Select(l => l.Port!.Value));
        Assert.Equal([9080, 9081], config.LoadBalancers[1].Listeners.Select(l => l.Port!.Value));
        Assert.Equal("internal", config.LoadBalancers[1].Scheme);
        Assert.Equal("dualstack", config.LoadBalancers[1].IpAddressType);
        Assert.Same(config.LoadBalancers[1], config.LoadBalancerOf(config.LoadBalancers[1].Listeners[1]));
        Assert.Empty(AlbConfigValidator.Validate(config));
    }

    [Fact]
    public void Read_SingleShape_IsOneLoadBalancer()
    {
        var config = Read("""{ "LoadBalancer": { "Name": "solo" }, "Listeners": [ { "Port": 80, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ] }""");

        var lb = Assert.Single(config.LoadBalancers);
        Assert.Equal("solo", lb.Name);
        Assert.Equal(80, Assert.Single(lb.Listeners).Port);
    }

    [Fact]
    public void Read_NoLoadBalancerKeys_IsTheDefaultLoadBalancer_EmptyListIsNone()
    {
        Assert.Equal(LoadBalancerDefaults.Name, Assert.Single(Read("""{ "TargetGroups": [] }""").LoadBalancers).EffectiveName);
        Assert.Empty(Read("""{ "LoadBalancers": [] }""").LoadBalancers);
    }

    [Fact]
    public void Read_BothShapes_IsAnError()
    {
        var read = AlbConfigReader.ReadJson("""{ "LoadBalancer": { "Name": "a" }, "LoadBalancers": [ { "Name": "b" } ] }""", "/tmp");
        Assert.Contains(read.Errors, e => e.Field == "LoadBalancers" && e.Message.Contains("not both", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SamePortOnTwoLoadBalancers_NamesBoth()
    {
        var errors = Errors(TwoLoadBalancers.Replace("\"Port\": 9081", "\"Port\": 8080", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal("Listener 8080: Port: Port 8080 is bound by listeners of two load balancers, 'public' and 'internal': listener ports are unique across the emulator (each load balancer needs its own local ports)", error);
    }

    [Fact]
    public void Validate_DuplicateName_BadSchemeAndIpAddressType_EveryErrorReported()
    {
        var errors = Errors(TwoLoadBalancers
            .Replace("\"Name\": \"internal\", \"Scheme\": \"internal\", \"IpAddressType\": \"dualstack\"", "\"Name\": \"public\", \"Scheme\": \"private\", \"IpAddressType\": \"ipv6\"", StringComparison.Ordinal));

        Assert.Contains("LoadBalancer 'public': Name: A load balancer with the same name 'public' exists, but with different settings: load balancer names are unique", errors);
        Assert.Contains("LoadBalancer 'public': Scheme: Scheme 'private' must be 'internet-facing' or 'internal'", errors);
        Assert.Contains("LoadBalancer 'public': IpAddressType: IpAddressType 'ipv6' must be one of 'ipv4', 'dualstack', 'dualstack-without-public-ipv4'", errors);
    }

    [Fact]
    public void Validate_TargetGroupOfTwoLoadBalancers_IsTargetGroupAssociationLimit()
    {
        var errors = Errors(TwoLoadBalancers.Replace("\"TargetGroupName\": \"api\"", "\"TargetGroupName\": \"web\"", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal("TargetGroup 'web': LoadBalancerArns: Target group 'web' cannot be associated with more than one load balancer: listeners of 'public' and 'internal' forward to it (TargetGroupAssociationLimit)", error);
        Assert.Equal("TargetGroupAssociationLimit", AlbEmulator.ControlPlane.ValidationErrors.CodeOf(AlbConfigValidator.Validate(Read(TwoLoadBalancers.Replace("\"TargetGroupName\": \"api\"", "\"TargetGroupName\": \"web\"", StringComparison.Ordinal)))[0].Message));
    }

    [Fact]
    public void Model_EachLoadBalancer_HasItsOwnIdentifiersListenersAndAttributes()
    {
        var model = LoadBalancerModelBuilder.Build(Read(TwoLoadBalancers), TargetGroupConnections.Create);

        var (pub, internalLb) = (model.LoadBalancers[0], model.LoadBalancers[1]);
        Assert.Matches("^app/public/[0-9a-f]{16}$", pub.Identifiers.LoadBalancerFullName);
        Assert.Matches("^app/internal/[0-9a-f]{16}$", internalLb.Identifiers.LoadBalancerFullName);
        Assert.Matches(@"^public-\d{10}\.us-east-1\.elb\.amazonaws\.com$", pub.Identifiers.DnsName);
        Assert.Matches(@"^internal-internal-\d{10}\.us-east-1\.elb\.amazonaws\.com$", internalLb.Identifiers.DnsName);
        Assert.Equal(30, pub.Settings.IdleTimeoutSeconds);
        Assert.Equal(DesyncMitigationMode.Strictest, pub.Settings.DesyncMitigationMode);
        Assert.Equal(60, internalLb.Settings.IdleTimeoutSeconds);
        Assert.Equal(DesyncMitigationMode.Defensive, internalLb.Settings.DesyncMitigationMode);

        Assert.Same(pub, model.LoadBalancerFor(8080));
        Assert.Same(internalLb, model.LoadBalancerFor(9081));
        Assert.Null(model.LoadBalancerFor(1234));
        Assert.StartsWith($"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/{internalLb.Identifiers.LoadBalancerFullName}/", model.FindListener(9080)!.Arn, StringComparison.Ordinal);
        Assert.Equal([8080, 9080, 9081], model.Listeners.Select(l => l.Port));

        // Target groups are shared account resources; each keeps its ARN whichever load balancer uses it,
        // and its connections follow the attributes of the load balancer that forwards to it.
        Assert.Equal(AwsIdentifiers.TargetGroupArnOf("web"), model.TargetGroups["web"].Arn);
        Assert.Equal(30, model.TargetGroups["web"].ConnectionSettings.IdleTimeoutSeconds);
        Assert.Equal(60, model.TargetGroups["api"].ConnectionSettings.IdleTimeoutSeconds);
        Assert.Same(model.TargetGroups, pub.TargetGroups);
    }

    [Fact]
    public void Model_NoLoadBalancer_HasTargetGroupsAndNoListeners()
    {
        var model = LoadBalancerModelBuilder.Build(Read("""{ "LoadBalancers": [], "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80 } ] }"""), TargetGroupConnections.Create);

        Assert.Empty(model.LoadBalancers);
        Assert.Empty(model.Listeners);
        Assert.False(model.TargetGroups["web"].IsInUse);
    }
}
