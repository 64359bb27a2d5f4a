using System.Xml.Linq;
using AlbEmulator.ControlPlane;
using AlbEmulator.ControlPlane.Query;
using static AlbEmulator.Tests.ControlPlane.AlbControlPlaneTests;

namespace AlbEmulator.Tests.ControlPlane;

/// <summary>CreateRule/ModifyRule with Transforms (ACT-40) and RegexValues (RULE-14), as the ELBv2 query API carries them.</summary>
public sealed class RuleTransformApiTests
{
    private static readonly XNamespace Ns = QueryXml.NamespaceUri;

    [Fact]
    public void CreateRule_with_transforms_and_regex_values_is_described_back_and_compiled()
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0];

        var created = Call(controlPlane, $"Action=CreateRule&ListenerArn={Encode(listener.Arn)}&Priority=20"
            + "&Conditions.member.1.Field=path-pattern&Conditions.member.1.PathPatternConfig.RegexValues.member.1=" + Encode("^/dp/")
            + "&Actions.member.1.Type=forward&Actions.member.1.TargetGroupArn=" + Encode(controlPlane.Runtime.Current.TargetGroups["web"].Arn)
            + "&Transforms.member.1.Type=url-rewrite&Transforms.member.1.UrlRewriteConfig.Rewrites.member.1.Regex=" + Encode("^/dp/([A-Za-z0-9]+)/?$")
            + "&Transforms.member.1.UrlRewriteConfig.Rewrites.member.1.Replace=" + Encode("/product.php?id=$1"));

        var rule = created.Descendants(Ns + "member").First();
        Assert.Equal("^/dp/", rule.Descendants(Ns + "PathPatternConfig").Single().Element(Ns + "RegexValues")!.Element(Ns + "member")!.Value);
        var rewrite = rule.Element(Ns + "Transforms")!.Element(Ns + "member")!;
        Assert.Equal("url-rewrite", rewrite.Element(Ns + "Type")!.Value);
        Assert.Equal("/product.php?id=$1", rewrite.Descendants(Ns + "Replace").Single().Value);
        var model = controlPlane.Runtime.Current.Listeners[0].Rules.Single(r => r.Priority == 20);
        Assert.False(model.Transforms.IsEmpty);
        Assert.Equal("/product.php?id=B1", model.Transforms.Apply(null, "/dp/B1").Uri);

        Call(controlPlane, $"Action=ModifyRule&RuleArn={Encode(model.Arn)}&ResetTransforms=true");
        Assert.True(controlPlane.Runtime.Current.Listeners[0].Rules.Single(r => r.Priority == 20).Transforms.IsEmpty);
    }

    [Theory]
    [InlineData("&Transforms.member.1.Type=url-rewrite&Transforms.member.2.Type=url-rewrite", "ValidationError")]
    [InlineData("&Conditions.member.1.PathPatternConfig.RegexValues.member.1=%28%3F%3Da%29", "ValidationError")]
    public void CreateRule_rejects_what_AWS_rejects(string extra, string code)
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0];

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=CreateRule&ListenerArn={Encode(listener.Arn)}&Priority=30"
            + "&Conditions.member.1.Field=path-pattern&Actions.member.1.Type=fixed-response&Actions.member.1.FixedResponseConfig.StatusCode=200" + extra));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Transforms_cannot_be_added_to_a_default_rule()
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0];

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=ModifyRule&RuleArn={Encode(listener.DefaultRule.Arn)}"
            + "&Transforms.member.1.Type=url-rewrite&Transforms.member.1.UrlRewriteConfig.Rewrites.member.1.Regex=a&Transforms.member.1.UrlRewriteConfig.Rewrites.member.1.Replace=b"));
        Assert.Equal("OperationNotPermitted", error.Code);
    }
}

/// <summary>Describe/ModifyListenerAttributes (LST-50, LST-51) and MutualAuthentication on ModifyListener (LST-40).</summary>
public sealed class ListenerAttributeApiTests
{
    private static readonly XNamespace Ns = QueryXml.NamespaceUri;

    [Fact]
    public void ModifyListenerAttributes_returns_every_key_applies_to_the_data_plane_and_validates_values()
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0];

        var described = Call(controlPlane, $"Action=DescribeListenerAttributes&ListenerArn={Encode(listener.Arn)}");
        Assert.Equal(19, described.Descendants(Ns + "member").Count());
        Assert.Contains(described.Descendants(Ns + "member"), m => m.Element(Ns + "Key")!.Value == "routing.http.response.server.enabled" && m.Element(Ns + "Value")!.Value == "true");

        var modified = Call(controlPlane, $"Action=ModifyListenerAttributes&ListenerArn={Encode(listener.Arn)}"
            + "&Attributes.member.1.Key=routing.http.response.x_frame_options.header_value&Attributes.member.1.Value=DENY");
        Assert.Contains(modified.Descendants(Ns + "member"), m => m.Element(Ns + "Key")!.Value == "routing.http.response.x_frame_options.header_value" && m.Element(Ns + "Value")!.Value == "DENY");
        Assert.Equal("DENY", controlPlane.Runtime.Current.Listeners[0].HeaderAttributes.ResponseHeaders.Single(h => h.Key == "X-Frame-Options").Value);

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=ModifyListenerAttributes&ListenerArn={Encode(listener.Arn)}"
            + "&Attributes.member.1.Key=routing.http.response.x_frame_options.header_value&Attributes.member.1.Value=%22DENY%22"));
        Assert.Equal("ValidationError", error.Code);
        error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=ModifyListenerAttributes&ListenerArn={Encode(listener.Arn)}"
            + "&Attributes.member.1.Key=tcp.idle_timeout.seconds&Attributes.member.1.Value=60"));
        Assert.Equal("ValidationError", error.Code);

        Call(controlPlane, $"Action=ModifyListenerAttributes&ListenerArn={Encode(listener.Arn)}"
            + "&Attributes.member.1.Key=routing.http.response.x_frame_options.header_value&Attributes.member.1.Value=");
        Assert.Empty(controlPlane.Runtime.Current.Listeners[0].HeaderAttributes.ResponseHeaders);
    }

    [Fact]
    public void MutualAuthentication_on_an_HTTP_listener_is_rejected()
    {
        var (controlPlane, _) = CreateSut();
        var listener = controlPlane.Runtime.Current.Listeners[0];

        var error = Assert.Throws<AlbApiError>(() => Call(controlPlane, $"Action=ModifyListener&ListenerArn={Encode(listener.Arn)}&MutualAuthentication.Mode=passthrough"));
        Assert.Equal("ValidationError", error.Code);
    }
}
