using AlbEmulator.ControlPlane;
using static AlbEmulator.Tests.ControlPlane.AlbControlPlaneTests;

namespace AlbEmulator.Tests.ControlPlane;

/// <summary>The answers AWS gives that the first API version got wrong (issue 14): each as AWS answers it.</summary>
public sealed class ControlPlaneFidelityTests
{
    private static readonly System.Xml.Linq.XNamespace Ns = AlbEmulator.ControlPlane.Query.QueryXml.NamespaceUri;

    [Fact]
    public void CreateTargetGroup_VpcIdAndIpv6_Echoed_AndChecked()
    {
        var (controlPlane, _) = CreateSut();

        var group = Call(controlPlane, "Action=CreateTargetGroup&Name=six&Protocol=HTTP&Port=80&VpcId=vpc-0123abcd&IpAddressType=ipv6").Descendants(Ns + "member").First();

        Assert.Equal("vpc-0123abcd", group.Element(Ns + "VpcId")!.Value);
        Assert.Equal("ipv6", group.Element(Ns + "IpAddressType")!.Value);
        Assert.Equal("ValidationError", Assert.Throws<AlbApiError>(() => Call(controlPlane, "Action=CreateTargetGroup&Name=bad&Protocol=HTTP&Port=80&IpAddressType=dualstack")).Code);
        Assert.Equal("DuplicateTargetGroupName", Assert.Throws<AlbApiError>(() => Call(controlPlane, "Action=CreateTargetGroup&Name=six&Protocol=HTTP&Port=80&VpcId=vpc-0123abcd&IpAddressType=ipv4")).Code);
    }

    [Fact]
    public void DeleteListener_TheLastOne_Allowed()
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0].Arn;

        Call(controlPlane, $"Action=DeleteListener&ListenerArn={Encode(listener)}");

        Assert.Empty(controlPlane.Runtime.Current.Listeners);
    }

    [Fact]
    public void UnknownSslPolicy_SSLPolicyNotFound_HttpsWithoutCertificate_ValidationError()
    {
        var (controlPlane, _) = CreateSut();
        var lb = Encode(controlPlane.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerArn);
        const string Action = "DefaultActions.member.1.Type=fixed-response&DefaultActions.member.1.FixedResponseConfig.StatusCode=200";

        var policy = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateListener&LoadBalancerArn={lb}&Protocol=HTTPS&Port=443&SslPolicy=ELBSecurityPolicy-Nope&Certificates.member.1.CertificateArn=arn%3Aaws%3Aacm%3Aus-east-1%3A123456789012%3Acertificate%2Fx&{Action}"));
        var certificate = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateListener&LoadBalancerArn={lb}&Protocol=HTTPS&Port=443&{Action}"));

        Assert.Equal("SSLPolicyNotFound", policy.Code);
        Assert.Equal(("ValidationError", "A certificate must be specified for HTTPS listeners"), (certificate.Code, certificate.Message));
    }

    [Theory]
    [InlineData("DescribeTargetGroups&TargetGroupArns.member.1=not-an-arn")]
    [InlineData("DeleteTargetGroup&TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Atargetgroup%2Fweb")]
    [InlineData("DescribeListeners&ListenerArns.member.1=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Alistener%2Fapp%2Fx")]
    [InlineData("DeleteRule&RuleArn=foo")]
    [InlineData("DescribeLoadBalancers&LoadBalancerArns.member.1=arn%3Aaws%3Aec2%3Aus-east-1%3A123456789012%3Ainstance%2Fi-1")]
    [InlineData("DescribeTags&ResourceArns.member.1=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Atargetgroup%2F%2F")]
    public void MalformedArn_ValidationError(string call)
    {
        var (controlPlane, _) = CreateSut();

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, "Action=" + call));

        Assert.Equal("ValidationError", error.Code);
        Assert.Contains("is not a valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WellFormedArnOfNothing_NotFound()
    {
        var (controlPlane, _) = CreateSut();
        const string Arn = "arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Atargetgroup%2Fghost%2F0123456789abcdef";

        Assert.Equal("TargetGroupNotFound", Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=DescribeTargetGroups&TargetGroupArns.member.1={Arn}")).Code);
        Call(controlPlane, $"Action=DeleteTargetGroup&TargetGroupArn={Arn}");
    }

    [Fact]
    public void DeregisterTargets_NotRegistered_InvalidTarget()
    {
        var (controlPlane, _) = CreateSut();
        var group = Encode(controlPlane.Runtime.Current.TargetGroups["web"].Arn);
        Call(controlPlane, $"Action=RegisterTargets&TargetGroupArn={group}&Targets.member.1.Id=127.0.0.1&Targets.member.1.Port=9001");

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=DeregisterTargets&TargetGroupArn={group}&Targets.member.1.Id=127.0.0.1&Targets.member.1.Port=9002"));
        Call(controlPlane, $"Action=DeregisterTargets&TargetGroupArn={group}&Targets.member.1.Id=127.0.0.1&Targets.member.1.Port=9001");

        Assert.Equal("InvalidTarget", error.Code);
        Assert.Contains("Id=127.0.0.1,Port=9002", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tags.member.1.Key=aws%3Acreated&Tags.member.1.Value=v", "reserved")]
    [InlineData("Tags.member.1.Key=&Tags.member.1.Value=v", "length between 1 and 128")]
    [InlineData("Tags.member.1.Key=k&Tags.member.1.Value=a%3Cb", "regular expression")]
    [InlineData("Tags.member.1.Key=k%21&Tags.member.1.Value=v", "regular expression")]
    public void TagRules_ValidationError(string tags, string why)
    {
        var (controlPlane, _) = CreateSut();
        var group = Encode(controlPlane.Runtime.Current.TargetGroups["web"].Arn);

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=AddTags&ResourceArns.member.1={group}&{tags}"));

        Assert.Equal("ValidationError", error.Code);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TagLengths_AndTwentyArnLimit()
    {
        var (controlPlane, _) = CreateSut();
        var group = Encode(controlPlane.Runtime.Current.TargetGroups["web"].Arn);

        Call(controlPlane, $"Action=AddTags&ResourceArns.member.1={group}&Tags.member.1.Key={new string('k', 128)}&Tags.member.1.Value={new string('v', 256)}");
        Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=AddTags&ResourceArns.member.1={group}&Tags.member.1.Key={new string('k', 129)}&Tags.member.1.Value=v"));
        Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=AddTags&ResourceArns.member.1={group}&Tags.member.1.Key=k&Tags.member.1.Value={new string('v', 257)}"));
        var arns = string.Join('&', Enumerable.Range(1, 21).Select(n => $"ResourceArns.member.{n}={group}"));
        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=DescribeTags&{arns}"));
        Assert.Contains("less than or equal to 20", error.Message, StringComparison.Ordinal);
        Call(controlPlane, $"Action=DescribeTags&{string.Join('&', Enumerable.Range(1, 20).Select(n => $"ResourceArns.member.{n}={group}"))}");
    }
}
