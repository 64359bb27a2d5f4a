using System.Xml.Linq;
using AlbEmulator.ControlPlane;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Tests.Configuration;
using static AlbEmulator.Tests.ControlPlane.AlbControlPlaneTests;

namespace AlbEmulator.Tests.ControlPlane;

/// <summary>The ELBv2 API over several load balancers: create a second one, Describe* per load balancer, TargetGroupAssociationLimit.</summary>
public sealed class SeveralLoadBalancersApiTests
{
    private static readonly XNamespace Ns = QueryXml.NamespaceUri;

    private static string[] Values(XElement result, string name) => result.Descendants(Ns + name).Select(e => e.Value).ToArray();

    [Fact]
    public void DescribeLoadBalancers_ListsEvery_FiltersByNameAndArn()
    {
        var (controlPlane, _) = CreateSut(SeveralLoadBalancersTests.TwoLoadBalancers);
        var model = controlPlane.Runtime.Current;

        Assert.Equal(["public", "internal"], Values(Call(controlPlane, "Action=DescribeLoadBalancers"), "LoadBalancerName"));
        var internalLb = Call(controlPlane, "Action=DescribeLoadBalancers&Names.member.1=internal");
        Assert.Equal(["internal"], Values(internalLb, "LoadBalancerName"));
        Assert.Equal(["internal"], Values(internalLb, "Scheme"));
        Assert.Equal(["dualstack"], Values(internalLb, "IpAddressType"));
        Assert.Equal([model.LoadBalancers[1].Identifiers.DnsName], Values(internalLb, "DNSName"));
        Assert.Equal(["public"], Values(Call(controlPlane, $"Action=DescribeLoadBalancers&LoadBalancerArns.member.1={Encode(model.LoadBalancers[0].Identifiers.LoadBalancerArn)}"), "LoadBalancerName"));
        Assert.Equal("LoadBalancerNotFound", Assert.Throws<AlbApiError>(() => Call(controlPlane, "Action=DescribeLoadBalancers&Names.member.1=nope")).Code);
    }

    [Fact]
    public void DescribeListenersAttributesAndTargetGroups_ArePerLoadBalancer()
    {
        var (controlPlane, _) = CreateSut(SeveralLoadBalancersTests.TwoLoadBalancers);
        var model = controlPlane.Runtime.Current;
        var (pub, internalLb) = (Encode(model.LoadBalancers[0].Identifiers.LoadBalancerArn), Encode(model.LoadBalancers[1].Identifiers.LoadBalancerArn));

        Assert.Equal(["9080", "9081"], Values(Call(controlPlane, $"Action=DescribeListeners&LoadBalancerArn={internalLb}"), "Port"));
        Assert.Equal(["8080"], Values(Call(controlPlane, $"Action=DescribeListeners&LoadBalancerArn={pub}"), "Port"));
        Assert.Equal([model.LoadBalancers[1].Identifiers.LoadBalancerArn], Values(Call(controlPlane, $"Action=DescribeListeners&ListenerArns.member.1={Encode(model.FindListener(9081)!.Arn)}"), "LoadBalancerArn"));

        string Attribute(XElement result, string key) =>
            result.Descendants(Ns + "member").Single(m => m.Element(Ns + "Key")?.Value == key).Element(Ns + "Value")!.Value;
        Assert.Equal("30", Attribute(Call(controlPlane, $"Action=DescribeLoadBalancerAttributes&LoadBalancerArn={pub}"), "idle_timeout.timeout_seconds"));
        Assert.Equal("60", Attribute(Call(controlPlane, $"Action=DescribeLoadBalancerAttributes&LoadBalancerArn={internalLb}"), "idle_timeout.timeout_seconds"));
        Call(controlPlane, $"Action=ModifyLoadBalancerAttributes&LoadBalancerArn={internalLb}&Attributes.member.1.Key=idle_timeout.timeout_seconds&Attributes.member.1.Value=120");
        Assert.Equal(120, controlPlane.Runtime.Current.LoadBalancers[1].Settings.IdleTimeoutSeconds);
        Assert.Equal(30, controlPlane.Runtime.Current.LoadBalancers[0].Settings.IdleTimeoutSeconds);

        Assert.Equal(["api"], Values(Call(controlPlane, $"Action=DescribeTargetGroups&LoadBalancerArn={internalLb}"), "TargetGroupName"));
        var web = Call(controlPlane, "Action=DescribeTargetGroups&Names.member.1=web");
        Assert.Equal([model.LoadBalancers[0].Identifiers.LoadBalancerArn], web.Descendants(Ns + "LoadBalancerArns").Single().Elements().Select(e => e.Value));
    }

    [Fact]
    public void CreateLoadBalancer_ASecondOne_GetsItsOwnListeners_DeleteRemovesOnlyIt()
    {
        var (controlPlane, _) = CreateSut(SeveralLoadBalancersTests.TwoLoadBalancers);

        var created = Call(controlPlane, "Action=CreateLoadBalancer&Name=third&Scheme=internal");
        var arn = Values(created, "LoadBalancerArn").Single();
        Assert.Equal(["provisioning"], Values(created, "Code"));
        Assert.StartsWith("internal-third-", Values(created, "DNSName").Single(), StringComparison.Ordinal);
        Assert.Equal(["public", "internal", "third"], controlPlane.Runtime.Current.LoadBalancers.Select(lb => lb.Identifiers.LoadBalancerName));

        // Idempotent with the same settings; another scheme under the same name is DuplicateLoadBalancerName.
        Assert.Equal([arn], Values(Call(controlPlane, "Action=CreateLoadBalancer&Name=third&Scheme=internal"), "LoadBalancerArn"));
        Assert.Equal("DuplicateLoadBalancerName", Assert.Throws<AlbApiError>(() => Call(controlPlane, "Action=CreateLoadBalancer&Name=third")).Code);

        var spare = Encode(Values(Call(controlPlane, "Action=CreateTargetGroup&Name=spare&Protocol=HTTP&Port=80&VpcId=vpc-0a1b2c3d4e5f60718"), "TargetGroupArn").Single());
        var listener = Call(controlPlane, $"Action=CreateListener&LoadBalancerArn={Encode(arn)}&Protocol=HTTP&Port=7070&DefaultActions.member.1.Type=forward&DefaultActions.member.1.TargetGroupArn={spare}");
        Assert.Equal([arn], Values(listener, "LoadBalancerArn"));
        Assert.Same(controlPlane.Runtime.Current.LoadBalancers[2], controlPlane.Runtime.Current.LoadBalancerFor(7070));
        Assert.Equal(["7070"], Values(Call(controlPlane, $"Action=DescribeListeners&LoadBalancerArn={Encode(arn)}"), "Port"));

        Call(controlPlane, $"Action=DeleteLoadBalancer&LoadBalancerArn={Encode(arn)}");
        Assert.Equal(["public", "internal"], controlPlane.Runtime.Current.LoadBalancers.Select(lb => lb.Identifiers.LoadBalancerName));
        Assert.Null(controlPlane.Runtime.Current.FindListener(7070));
        Assert.NotNull(controlPlane.Runtime.Current.FindListener(9081));
        Assert.Equal("LoadBalancerNotFound", Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=DescribeListeners&LoadBalancerArn={Encode(arn)}")).Code);
    }

    [Fact]
    public void TargetGroupOfAnotherLoadBalancer_IsTargetGroupAssociationLimit_NothingChanges()
    {
        var (controlPlane, _) = CreateSut(SeveralLoadBalancersTests.TwoLoadBalancers);
        var before = controlPlane.Runtime.Current;
        var web = Encode(before.TargetGroups["web"].Arn);
        var internalLb = Encode(before.LoadBalancers[1].Identifiers.LoadBalancerArn);

        var create = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateListener&LoadBalancerArn={internalLb}&Protocol=HTTP&Port=9090&DefaultActions.member.1.Type=forward&DefaultActions.member.1.TargetGroupArn={web}"));
        Assert.Equal("TargetGroupAssociationLimit", create.Code);
        var rule = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateRule&ListenerArn={Encode(before.FindListener(9080)!.Arn)}&Priority=5&Conditions.member.1.Field=path-pattern&Conditions.member.1.Values.member.1=/x&Actions.member.1.Type=forward&Actions.member.1.TargetGroupArn={web}"));
        Assert.Equal("TargetGroupAssociationLimit", rule.Code);
        Assert.Same(before, controlPlane.Runtime.Current);

        // A port of another load balancer is refused with both named.
        var port = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateListener&LoadBalancerArn={internalLb}&Protocol=HTTP&Port=8080&DefaultActions.member.1.Type=fixed-response&DefaultActions.member.1.FixedResponseConfig.StatusCode=200"));
        Assert.Equal("DuplicateListener", port.Code);
        Assert.Contains("'public'", port.Message, StringComparison.Ordinal);
    }
}
