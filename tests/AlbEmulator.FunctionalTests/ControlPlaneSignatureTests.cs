using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// With <c>--admin-credentials ACCESS_KEY:SECRET</c> the ELBv2 API verifies SigV4 signatures made by the real
/// aws CLI; without it any signature is accepted (ControlPlaneApiTests).
/// </summary>
[Collection(ControlPlaneApiTestsCollection.Name)]
public sealed class ControlPlaneSignatureTests
{
    [Fact]
    public async Task AdminCredentials_Configured_SignaturesVerified()
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80 } ]
            }
            """, configure: o => o.AdminCredentials = "AKIDEXAMPLE:s3cret-key");

        var signed = await new AwsCli(env.Server.AdminUri!, "AKIDEXAMPLE", "s3cret-key").Elbv2Async("describe-target-groups", "--names", "web");
        var wrongSecret = await new AwsCli(env.Server.AdminUri!, "AKIDEXAMPLE", "not-the-secret").Elbv2ErrorAsync("describe-target-groups");
        var unknownKey = await new AwsCli(env.Server.AdminUri!, "AKIDOTHER", "s3cret-key").Elbv2ErrorAsync("describe-target-groups");

        Assert.Equal("web", signed!.Value.GetProperty("TargetGroups")[0].GetProperty("TargetGroupName").GetString());
        Assert.Equal("SignatureDoesNotMatch", wrongSecret);
        Assert.Equal("InvalidClientTokenId", unknownKey);
    }
}
