using AlbEmulator.ControlPlane;
using AlbEmulator.ControlPlane.Query;

namespace AlbEmulator.Tests.ControlPlane.Query;

public sealed class QueryParametersTests
{
    [Fact]
    public void Parse_Scalars_UrlDecoded()
    {
        var request = QueryParameters.Parse("Action=CreateTargetGroup&Version=2015-12-01&Name=my-targets&HealthCheckPath=%2Fhealth&Matcher.HttpCode=200-299&Query=a+b");

        Assert.Equal("CreateTargetGroup", request.Get("Action"));
        Assert.Equal("/health", request.Get("HealthCheckPath"));
        Assert.Equal("a b", request.Get("Query"));
        Assert.Equal("200-299", request.Struct("Matcher")!.Get("HttpCode"));
        Assert.Null(request.Get("Port"));
        Assert.Null(request.Struct("ForwardConfig"));
    }

    [Fact]
    public void Strings_MemberList_SortedByIndexWithGaps()
    {
        var request = QueryParameters.Parse("Names.member.10=c&Names.member.2=b&Names.member.1=a");

        Assert.Equal(["a", "b", "c"], request.Strings("Names"));
        Assert.Null(request.Strings("TargetGroupArns"));
    }

    [Fact]
    public void Strings_EmptyListForm_IsEmptyNotScalar()
    {
        var request = QueryParameters.Parse("Action=X&SecurityGroups=");

        Assert.Empty(request.Strings("SecurityGroups")!);
        Assert.True(request.Has("SecurityGroups"));
        Assert.Empty(request.Members("SecurityGroups"));
    }

    [Fact]
    public void Members_DeepNesting_ReadsStructures()
    {
        var request = QueryParameters.Parse(
            "DefaultActions.member.1.Type=forward"
            + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A000000000000%3Atargetgroup%2Fmy-targets%2F73e2d6bc24d8a067"
            + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight=10"
            + "&DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled=true"
            + "&DefaultActions.member.2.Type=fixed-response");

        var actions = request.Members("DefaultActions");
        Assert.Equal(2, actions.Count);
        var forward = actions[0].Struct("ForwardConfig")!;
        var group = forward.Members("TargetGroups").Single();
        Assert.Equal("arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/my-targets/73e2d6bc24d8a067", group.Get("TargetGroupArn"));
        Assert.Equal(10, group.GetInt("Weight"));
        Assert.True(forward.Struct("TargetGroupStickinessConfig")!.GetBool("Enabled"));
        Assert.Equal("fixed-response", actions[1].Get("Type"));
    }

    [Fact]
    public void Entries_Map_KeyValuePairs()
    {
        var request = QueryParameters.Parse("P.entry.2.key=b&P.entry.2.value=2&P.entry.1.key=display&P.entry.1.value=page");

        Assert.Equal([new("display", "page"), new("b", "2")], request.Entries("P"));
    }

    [Theory]
    [InlineData("Priority=0")]
    [InlineData("Priority=50001")]
    [InlineData("Priority=ten")]
    public void GetInt_OutOfRangeOrNotANumber_ValidationError(string body)
    {
        var error = Assert.Throws<AlbApiError>(() => QueryParameters.Parse(body).GetInt("Priority", 1, 50000));

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void GetBool_LowerCase(string text, bool expected) =>
        Assert.Equal(expected, QueryParameters.Parse("Enabled=" + text).GetBool("Enabled"));

    [Fact]
    public void GetBool_OtherSpelling_ValidationError() =>
        Assert.Equal("ValidationError", Assert.Throws<AlbApiError>(() => QueryParameters.Parse("Enabled=True").GetBool("Enabled")).Code);

    [Fact]
    public void Require_Missing_AwsWording()
    {
        var error = Assert.Throws<AlbApiError>(() => QueryParameters.Parse("Action=DeleteRule").Require("RuleArn"));

        Assert.Equal("ValidationError", error.Code);
        Assert.Contains("Value null at 'ruleArn' failed to satisfy constraint: Member must not be null", error.Message, StringComparison.Ordinal);
    }
}
