using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.Model;

public sealed class LoadBalancerModelBuilderTests
{
    private const string Json = """
        {
          "Listeners": [ {
            "Port": 8080, "Protocol": "HTTP",
            "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
            "Rules": [
              { "Priority": 20, "Conditions": [ { "Field": "path-pattern", "Values": [ "/b" ] } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404", "ContentType": "text/plain", "MessageBody": "no" } } ] },
              { "Priority": 5, "Conditions": [ { "Field": "path-pattern", "Values": [ "/a" ] } ], "Actions": [ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "web", "Weight": 3 }, { "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/0123456789abcdef", "Weight": 1 } ], "TargetGroupStickinessConfig": { "Enabled": true, "DurationSeconds": 60 } } } ] }
            ] },
            { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "h2" } ] } ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "10.0.0.1" }, { "Id": "10.0.0.2", "Port": 81 } ] },
            { "Name": "h2", "Protocol": "HTTPS", "ProtocolVersion": "HTTP2", "Port": 443, "Targets": [ { "Id": "::1" } ] },
            { "Name": "other", "Protocol": "HTTP", "Port": 80 }
          ]
        }
        """;

    private static LoadBalancerModel Build()
    {
        var read = AlbConfigReader.ReadJson(Json, "/tmp");
        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
        return LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create).LoadBalancers[0];
    }

    [Fact]
    public void Build_Rules_SortedByPriority()
    {
        var listener = Build().FindListener(8080)!;
        Assert.Equal([5, 20], listener.Rules.Select(r => r.Priority));
        Assert.Equal(0, listener.DefaultRule.Priority);
        Assert.IsType<FixedResponseActionModel>(listener.Rules[1].Action);
    }

    [Fact]
    public void Build_WeightedForward_ResolvesNameAndArn()
    {
        var forward = Assert.IsType<ForwardActionModel>(Build().FindListener(8080)!.Rules[0].Action);
        Assert.Equal(["web", "other"], forward.Groups.Select(g => g.TargetGroup.Name));
        Assert.Equal(4, forward.TotalWeight);
        Assert.True(forward.StickinessEnabled);
        Assert.Equal(60, forward.StickinessDurationSeconds);
    }

    [Fact]
    public void Build_Targets_PortDefaultsAndPrefixes()
    {
        var model = Build();
        var web = model.TargetGroups["web"];
        Assert.Equal(["http://10.0.0.1:80/", "http://10.0.0.2:81/"], web.Targets.Select(t => t.DestinationPrefix));
        Assert.Equal("[::1]", new Uri(model.TargetGroups["h2"].Targets[0].DestinationPrefix).Host);
        Assert.Equal("https://[::1]:443/", model.TargetGroups["h2"].Targets[0].DestinationPrefix);
        Assert.Equal("::1:443", model.TargetGroups["h2"].Targets[0].LogAddress);
        Assert.Equal(TargetGroupProtocolVersion.Http2, model.TargetGroups["h2"].ProtocolVersion);
        Assert.Equal(new Version(2, 0), model.TargetGroups["h2"].RequestConfig.Version);
        Assert.Equal(new Version(1, 1), web.RequestConfig.Version);
    }

    [Fact]
    public void Build_AttachesLiveState_RoundRobinRotates()
    {
        var web = Build().TargetGroups["web"];
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"], Enumerable.Range(0, 4).Select(_ => TargetSelector.Select(web.State, DateTimeOffset.UtcNow)!.Id));
    }
}
