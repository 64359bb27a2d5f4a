using System.Text;
using AlbEmulator.Configuration;
using AlbEmulator.Errors;
using AlbEmulator.Forwarding;
using AlbEmulator.Lambda;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Lambda;

public sealed class LambdaHealthCheckTests
{
    [Theory]
    [InlineData("200", 200, true)]
    [InlineData("200", 201, false)]
    [InlineData("200,202", 202, true)]
    [InlineData("200-299", 250, true)]
    [InlineData("200-299", 300, false)]
    [InlineData("200, 404-410", 405, true)]
    public void Matches_ListsAndRanges(string matcher, int code, bool expected)
    {
        Assert.Equal(expected, LambdaHealthCheck.Matches(matcher, code));
    }

    [Fact]
    public void Judge_Outcomes_ReasonCodesPerHc24()
    {
        Assert.Equal((true, null, null), LambdaHealthCheck.Judge(Ok("""{"statusCode":200}"""), false, "200"));
        Assert.Equal((false, "Target.ResponseCodeMismatch", "Health checks failed with these codes: [503]"), LambdaHealthCheck.Judge(Ok("""{"statusCode":503}"""), false, "200"));
        Assert.Equal((false, "Target.FailedHealthChecks", "Health checks failed"), LambdaHealthCheck.Judge(Ok("""{"statusCode":200,"body":null}"""), false, "200"));
        Assert.Equal((false, "Target.Timeout", "Request timed out"), LambdaHealthCheck.Judge(LambdaInvokeResult.Failed(AlbError.LambdaConnectionTimeout, "t", false), false, "200"));
        Assert.Equal((false, "Target.FailedHealthChecks", "Health checks failed"), LambdaHealthCheck.Judge(LambdaInvokeResult.Failed(AlbError.LambdaUnhandled, "u", true), false, "200"));
    }

    [Fact]
    public async Task CheckAsync_SendsHc14EventAndJudgesStatus()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":202}""");
        var read = AlbConfigReader.ReadJson($$"""
            { "Listeners": [ { "Port": 80, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "fn" } ] } ],
              "TargetGroups": [ { "Name": "fn", "TargetType": "lambda", "HealthCheckEnabled": true, "Matcher": { "HttpCode": "200-202" },
                                  "Targets": [ { "Id": "hc-function", "LambdaEndpoint": "{{fn.Endpoint}}" } ] } ] }
            """, "/tmp");
        Assert.Empty(read.Errors);
        var model = LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create);
        using var invoker = new LambdaInvoker();
        var check = new LambdaHealthCheck(invoker, new AlbRuntime(model));
        var group = model.TargetGroups["fn"];

        var result = await check.CheckAsync(group, group.Targets[0], CancellationToken.None);

        Assert.Equal((true, null, null), result);
        var invocation = Assert.Single(fn.Invocations);
        Assert.Equal("hc-function", invocation.FunctionName);
        Assert.Equal(Encoding.UTF8.GetString(LambdaEventBuilder.BuildHealthCheck(group.Arn, "/", false)), invocation.EventJson);
    }

    private static LambdaInvokeResult Ok(string payload) => LambdaInvokeResult.Success(Encoding.UTF8.GetBytes(payload));
}
