using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane;

namespace AlbEmulator.Tests.ControlPlane;

public sealed class ValidationErrorsTests
{
    [Theory]
    [InlineData("Priority '10' is currently in use", "PriorityInUse")]
    [InlineData("A listener already exists on this port for this load balancer", "DuplicateListener")]
    [InlineData("A target group with the name 'web' is already defined", "DuplicateTargetGroupName")]
    [InlineData("Target group 'nope' not found", "TargetGroupNotFound")]
    [InlineData("Target group 'nope' not found; defined target groups: 'web'", "TargetGroupNotFound")]
    [InlineData("Listener protocol 'HTTP' is not supported with a target group with the protocol-version 'GRPC'", "IncompatibleProtocols")]
    [InlineData("Action type 'authenticate-oidc' is not supported by AlbEmulator yet", "InvalidLoadBalancerAction")]
    [InlineData("Load balancer attribute key 'x' is not recognized", "ValidationError")]
    public void CodeOf_ValidatorMessage_AwsCode(string message, string code) =>
        Assert.Equal(code, ValidationErrors.CodeOf(message));

    [Fact]
    public void ToApiError_ListsEveryError_CodeOfTheFirst()
    {
        var error = ValidationErrors.ToApiError([
            new ConfigError("Listener 80 rule 10", "Priority", "Priority '10' is currently in use"),
            new ConfigError("TargetGroup 'web'", "Port", "Port is required"),
        ]);

        Assert.Equal("PriorityInUse", error.Code);
        Assert.Equal("Priority '10' is currently in use; Port is required", error.Message);
    }
}
