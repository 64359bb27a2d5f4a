using System.Text;
using AlbEmulator.Configuration;
using AlbEmulator.Errors;
using AlbEmulator.Forwarding;
using AlbEmulator.Health;
using AlbEmulator.Lambda;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.TargetGroups;
using AlbEmulator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

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
        Assert.Equal((true, 200, null, null), Verdict(LambdaHealthCheck.Judge(Ok("""{"statusCode":200}"""), false, "200")));
        Assert.Equal((false, 503, "Target.ResponseCodeMismatch", "Health checks failed with these codes: [503]"), Verdict(LambdaHealthCheck.Judge(Ok("""{"statusCode":503}"""), false, "200")));
        Assert.Equal((false, 0, "Target.FailedHealthChecks", "Health checks failed"), Verdict(LambdaHealthCheck.Judge(Ok("""{"statusCode":200,"body":null}"""), false, "200")));
        Assert.Equal((false, 0, "Target.Timeout", "Request timed out"), Verdict(LambdaHealthCheck.Judge(LambdaInvokeResult.Failed(AlbError.LambdaConnectionTimeout, "t", false), false, "200")));
        Assert.Equal((false, 0, "Target.FailedHealthChecks", "Health checks failed"), Verdict(LambdaHealthCheck.Judge(LambdaInvokeResult.Failed(AlbError.LambdaUnhandled, "u", true), false, "200")));
    }

    [Theory]
    [InlineData("""{"statusCode":204}""", "200-299", true, 204)]
    [InlineData("""{"statusCode":404,"body":"no"}""", "200", false, 404)]
    [InlineData("""{"statusCode":500}""", "200", false, 500)]
    public void Judge_CarriesTheFunctionsStatusCode_PassOrFail(string payload, string matcher, bool pass, int status)
    {
        var result = LambdaHealthCheck.Judge(Ok(payload), false, matcher);

        Assert.Equal(pass, result.IsSuccess);
        Assert.Equal(status, result.ResponseStatus);
    }

    [Fact]
    public void Judge_NoValidAnswer_NoStatusCode()
    {
        Assert.Equal(0, LambdaHealthCheck.Judge(LambdaInvokeResult.Failed(AlbError.LambdaConnectionError, "refused", false), false, "200").ResponseStatus);
        Assert.Equal(0, LambdaHealthCheck.Judge(Ok("not json"), false, "200").ResponseStatus);
    }

    /// <summary>What a check's result says: passed, the function's status (0 when none), and the unhealthy reason and description.</summary>
    private static (bool Pass, int Status, string? Reason, string? Description) Verdict(HealthCheckResult result) =>
        result.IsSuccess ? (true, result.ResponseStatus, null, null) : (false, result.ResponseStatus, result.FailureHealth.Reason, result.FailureHealth.Description);

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

        Assert.Equal((true, 202, null, null), Verdict(result));
        var invocation = Assert.Single(fn.Invocations);
        Assert.Equal("hc-function", invocation.FunctionName);
        Assert.Equal(Encoding.UTF8.GetString(LambdaEventBuilder.BuildHealthCheck(group.Arn, "/", false)), invocation.EventJson);
    }

    [Fact]
    public async Task HealthChecker_LambdaGroup_DrivesTheStateMachine()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":200}""");
        await using var lambda = await LambdaGroupAsync(fn, """ "HealthCheckEnabled": true, "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 3, """);
        Assert.Equal(TargetHealth.RegistrationInProgress, lambda.Target.Health);

        // HC-21: one success takes an initial target to healthy.
        await lambda.Checker.RunRoundAsync();
        Assert.Equal(TargetHealth.Healthy, lambda.Target.Health);
        Assert.Equal("/", Assert.Single(fn.Invocations).Event.GetProperty("path").GetString());

        // HC-22: UnhealthyThresholdCount consecutive failures; the reason is the function's verdict.
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":503}""");
        await lambda.Checker.RunRoundAsync();
        await lambda.Checker.RunRoundAsync();
        Assert.Equal(TargetHealth.Healthy, lambda.Target.Health);
        await lambda.Checker.RunRoundAsync();
        Assert.Equal(TargetHealth.ResponseCodeMismatch(503), lambda.Target.Health);

        // While unhealthy the reason follows the latest failure: a function error.
        fn.Behavior = _ => LambdaTestReply.Unhandled();
        await lambda.Checker.RunRoundAsync();
        Assert.Equal(TargetHealth.FailedHealthChecks, lambda.Target.Health);

        // HealthyThresholdCount consecutive successes bring it back.
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":200}""");
        await lambda.Checker.RunRoundAsync();
        Assert.Equal(TargetHealthState.Unhealthy, lambda.Target.Health.State);
        await lambda.Checker.RunRoundAsync();
        Assert.Equal(TargetHealth.Healthy, lambda.Target.Health);
        Assert.Equal(7, fn.Invocations.Count);
    }

    [Fact]
    public async Task HealthChecker_LambdaGroupWithChecksOff_StaysUnavailableAndIsNotInvoked()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var lambda = await LambdaGroupAsync(fn, "");

        await lambda.Checker.RunRoundAsync();

        Assert.Equal(TargetHealth.HealthCheckDisabled, lambda.Target.Health);
        Assert.Empty(fn.Invocations);
    }

    [Fact]
    public async Task HealthChecker_LambdaTimeout_IsTargetTimeout()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => new LambdaTestReply(200, """{"statusCode":200}""", Delay: TimeSpan.FromSeconds(30));
        await using var lambda = await LambdaGroupAsync(fn, """ "HealthCheckEnabled": true, "UnhealthyThresholdCount": 2, """, TimeSpan.FromMilliseconds(100));

        await lambda.Checker.RunRoundAsync();
        Assert.Equal(TargetHealth.InitialHealthChecking, lambda.Target.Health);
        await lambda.Checker.RunRoundAsync();

        Assert.Equal(TargetHealth.Timeout, lambda.Target.Health);
    }

    private static async Task<LambdaGroup> LambdaGroupAsync(LambdaTestFunction fn, string groupExtras, TimeSpan? timeout = null)
    {
        var read = AlbConfigReader.ReadJson($$"""
            { "Listeners": [ { "Port": 80, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "fn" } ] } ],
              "TargetGroups": [ { "Name": "fn", "TargetType": "lambda", {{groupExtras}}
                                  "Targets": [ { "Id": "hc-function", "LambdaEndpoint": "{{fn.Endpoint}}" } ] } ] }
            """, "/tmp");
        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
        var registry = new TargetRegistry();
        var model = LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create, registry);
        var invoker = new LambdaInvoker();
        var options = new HealthCheckOptions { Automatic = false, TimeoutOverride = timeout };
        var checker = new HealthChecker(registry, options, TimeProvider.System, NullLogger.Instance, new LambdaHealthCheck(invoker, new AlbRuntime(model)));
        checker.Start();
        return new LambdaGroup(checker, invoker, model.TargetGroups["fn"].State.Targets.Single());
    }

    private sealed record LambdaGroup(HealthChecker Checker, LambdaInvoker Invoker, TargetState Target) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Checker.DisposeAsync();
            Invoker.Dispose();
        }
    }

    private static LambdaInvokeResult Ok(string payload) => LambdaInvokeResult.Success(Encoding.UTF8.GetBytes(payload));
}
