using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

public sealed class TargetGroupReferenceTests
{
    [Theory]
    [InlineData("arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067", "my-targets")]
    [InlineData("arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/web/0", "web")]
    public void Names_from_arns(string arn, string expected)
    {
        Assert.True(TargetGroupReference.TryGetName(arn, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("web")]
    [InlineData("arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188")]
    [InlineData("arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets")]
    [InlineData("arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup//73e2d6bc24d8a067")]
    [InlineData("arn:aws:lambda:us-west-2:123456789012:targetgroup/x/1")]
    public void Not_target_group_arns(string? arn)
    {
        Assert.False(TargetGroupReference.TryGetName(arn, out _));
    }
}
