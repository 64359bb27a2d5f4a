using System.Diagnostics;
using System.Net;
using System.Text;
using AlbEmulator.Authentication;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.AuthTests;

/// <summary>
/// The errors of AUTH-6 as the browser sees them: 561 when the identity provider answers an error, 500
/// when its token or userinfo endpoint is down or slower than 5 seconds or the claims are over 11 K,
/// 401 when no ID token comes back. The sign-in form is the built-in provider's; the token and userinfo
/// endpoints are a scripted fake.
/// </summary>
public sealed class IdentityProviderFailureTests
{
    private const string FakeIssuer = "https://idp.test";

    public static TheoryData<string, int, string> Cases => new()
    {
        { "token-error", 561, "AuthTokenEpRequestFailed" },
        { "token-invalid-grant", 561, "AuthInvalidGrantError" },
        { "token-not-json", 561, "AuthInvalidTokenResponse" },
        { "no-id-token", 401, "AuthInvalidIdToken" },
        { "foreign-id-token", 401, "AuthInvalidIdToken" },
        { "userinfo-error", 561, "AuthUserinfoEpRequestFailed" },
        { "userinfo-not-json", 561, "AuthInvalidUserinfoResponse" },
        { "userinfo-huge", 500, "AuthUserinfoResponseSizeExceeded" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheIdentityProviderAnswersAnError(string behaviour, int status, string errorReason)
    {
        await using var fake = await TestBackend.StartAsync("idp", handler: context => FakeAsync(context, behaviour));
        var endpoint = $"http://127.0.0.1:{fake.Port}";
        var (answer, line, scenario) = await SignInAsync(endpoint + "/token", endpoint + "/userinfo");
        await using (scenario)
        {
            Assert.Equal(status, (int)answer.StatusCode);
            Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), line.ElbStatusCode);
            Assert.Equal(errorReason, line.ErrorReason);
            Assert.Equal("authenticate", line.ActionsExecuted);
            Assert.Equal("-", line.TargetStatusCode);
            Assert.Equal("awselb/2.0", answer.Headers.Server.ToString());
            var metric = AuthenticationMetrics.MetricOf(errorReason)!;
            await scenario.WaitForTotalAsync(metric, 1);
            Assert.True(scenario.Server.Observability.Collector.Total("ELBAuthLatency") >= 1);
        }
    }

    [Fact]
    public async Task ATokenEndpointThatIsDownAnswers500()
    {
        var (answer, line, scenario) = await SignInAsync("http://127.0.0.1:1/token", "http://127.0.0.1:1/userinfo");
        await using (scenario)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
            Assert.Equal("AuthTokenEpRequestTimeout", line.ErrorReason);
            await scenario.WaitForTotalAsync("ELBAuthError", 1);
            await scenario.WaitForTotalAsync("HTTPCode_ELB_500_Count", 1);
        }
    }

    [Fact]
    public async Task ATokenEndpointSlowerThanFiveSecondsAnswers500()
    {
        using var release = new CancellationTokenSource();
        await using var slow = await TestBackend.StartAsync("slow-idp", handler: async context =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), release.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });
        var stopwatch = Stopwatch.StartNew();
        var (answer, line, scenario) = await SignInAsync($"http://127.0.0.1:{slow.Port}/token", $"http://127.0.0.1:{slow.Port}/userinfo");
        stopwatch.Stop();
        await release.CancelAsync();
        await using (scenario)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
            Assert.Equal("AuthTokenEpRequestTimeout", line.ErrorReason);
            Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(4.9), TimeSpan.FromSeconds(25));
        }
    }

    [Fact]
    public async Task AUserinfoEndpointThatIsDownAnswers500()
    {
        await using var fake = await TestBackend.StartAsync("idp", handler: context => FakeAsync(context, "ok"));
        var (answer, line, scenario) = await SignInAsync($"http://127.0.0.1:{fake.Port}/token", "http://127.0.0.1:1/userinfo");
        await using (scenario)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
            Assert.Equal("AuthUserinfoEpRequestTimeout", line.ErrorReason);
        }
    }

    private static async Task<(HttpResponseMessage Answer, AccessLogLine Line, AuthScenario Scenario)> SignInAsync(string tokenEndpoint, string userInfoEndpoint)
    {
        var action = AuthScenario.Oidc(FakeIssuer, "{admin-url}/idp/authorize", tokenEndpoint, userInfoEndpoint);
        var scenario = await AuthScenario.StartAsync(AuthScenario.Rule(10, "/app*", action));
        using var browser = new Browser();
        var answer = await browser.SignInAtBuiltInProviderAsync(await browser.GetAsync(scenario.Url("/app/")), "alice", AuthScenario.AlicePassword);
        var line = await scenario.LogAsync("/oauth2/idpresponse?");
        return (answer, line, scenario);
    }

    private static Task FakeAsync(HttpContext context, string behaviour)
    {
        var response = context.Response;
        var idToken = UnsignedJwt($$"""{"iss":"{{(behaviour == "foreign-id-token" ? "https://other.test" : FakeIssuer)}}","aud":"alb-client","sub":"u1"}""");
        if (context.Request.Path == "/token")
        {
            switch (behaviour)
            {
                case "token-error":
                    response.StatusCode = 401;
                    return Json(response, """{"error":"invalid_client"}""");
                case "token-invalid-grant":
                    response.StatusCode = 400;
                    return Json(response, """{"error":"invalid_grant"}""");
                case "token-not-json":
                    return response.WriteAsync("<html>oops</html>");
                case "no-id-token":
                    return Json(response, """{"access_token":"at-1","token_type":"Bearer","expires_in":3600}""");
                default:
                    return Json(response, $$"""{"access_token":"at-1","id_token":"{{idToken}}","token_type":"Bearer","expires_in":3600}""");
            }
        }

        switch (behaviour)
        {
            case "userinfo-error":
                response.StatusCode = 503;
                return Task.CompletedTask;
            case "userinfo-not-json":
                return response.WriteAsync("[1,2,3]");
            case "userinfo-huge":
                return Json(response, $$"""{"sub":"u1","blob":"{{new string('x', 12 * 1024)}}"}""");
            default:
                return Json(response, """{"sub":"u1","email":"u1@idp.test"}""");
        }
    }

    private static Task Json(HttpResponse response, string json)
    {
        response.ContentType = "application/json";
        return response.WriteAsync(json);
    }

    private static string UnsignedJwt(string payload) =>
        Base64Url.Encode("""{"alg":"none"}"""u8) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload)) + ".";
}
