using AlbEmulator.Model;

namespace AlbEmulator.Tests.Model;

public sealed class AwsIdentifiersTests
{
    [Fact]
    public void Ids_SameName_Stable()
    {
        Assert.Equal(new AwsIdentifiers("local-alb").LoadBalancerArn, new AwsIdentifiers("local-alb").LoadBalancerArn);
        Assert.NotEqual(new AwsIdentifiers("a").LoadBalancerId, new AwsIdentifiers("b").LoadBalancerId);
    }

    [Fact]
    public void Arns_Formats_AsAws()
    {
        var ids = new AwsIdentifiers("my-alb");
        Assert.Matches("^[0-9a-f]{16}$", ids.LoadBalancerId);
        Assert.Equal($"app/my-alb/{ids.LoadBalancerId}", ids.LoadBalancerFullName);
        Assert.Equal($"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/{ids.LoadBalancerId}", ids.LoadBalancerArn);
        Assert.Matches("^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/[0-9a-f]{16}$", ids.TargetGroupArn("web"));
        Assert.Matches($"^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/{ids.LoadBalancerId}/[0-9a-f]{{16}}$", ids.ListenerArn(80));
        Assert.Matches($"^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/{ids.LoadBalancerId}/[0-9a-f]{{16}}/[0-9a-f]{{16}}$", ids.RuleArn(80, "10"));
        Assert.Matches("^arn:aws:acm:us-east-1:123456789012:certificate/[0-9a-f-]{36}$", ids.CertificateArn("/x.pem"));
        Assert.Matches(@"^my-alb-\d{10}\.us-east-1\.elb\.amazonaws\.com$", ids.DnsName);
    }

    [Fact]
    public void TargetGroupArn_IndependentOfLoadBalancer()
    {
        // Target groups are account/region resources: the same group has one ARN whichever load balancer uses it.
        Assert.Equal(new AwsIdentifiers("public").TargetGroupArn("web"), new AwsIdentifiers("internal").TargetGroupArn("web"));
        Assert.Equal(AwsIdentifiers.TargetGroupArnOf("web"), new AwsIdentifiers("public").TargetGroupArn("web"));
        Assert.NotEqual(AwsIdentifiers.TargetGroupArnOf("web"), AwsIdentifiers.TargetGroupArnOf("api"));
        Assert.NotEqual(AwsIdentifiers.TargetGroupArnOf("web"), AwsIdentifiers.TargetGroupArnOf("web", "eu-west-1"));
    }
}
