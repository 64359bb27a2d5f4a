using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Testing.Tests;

/// <summary>SignInAsync (the whole browser flow in one call) and MintBearerToken (jwt-validation rules).</summary>
public sealed class AuthenticationHelpersTests
{
    private const string Json = """
        {
          "IdentityProvider": { "Users": [ { "Username": "alice", "Password": "alice-pw", "Claims": { "email": "alice@example.com" } } ] },
          "Listeners": [ { "Port": 443, "Protocol": "HTTPS",
            "DefaultActions": [ { "Type": "forward", "TargetGroupName": "app" } ],
            "Rules": [
              { "Priority": 10, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/app/*" ] } } ],
                "Actions": [ { "Type": "authenticate-cognito", "Order": 1, "AuthenticateCognitoConfig": { "UserPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/p", "UserPoolClientId": "c", "UserPoolDomain": "d" } },
                             { "Type": "forward", "Order": 2, "TargetGroupName": "app" } ] },
              { "Priority": 20, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/*" ] } } ],
                "Actions": [ { "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "{admin-url}/idp/jwks", "Issuer": "{admin-url}/idp",
                               "AdditionalClaims": [ { "Format": "space-separated-values", "Name": "scope", "Values": [ "orders.read" ] } ] } },
                             { "Type": "forward", "Order": 2, "TargetGroupName": "app" } ] } ] } ],
          "TargetGroups": [ { "Name": "app", "Protocol": "HTTP", "Port": 80, "Targets": [] } ]
        }
        """;

    [Fact]
    public async Task SignInAsyncReturnsAClientWithTheSessionAndMintBearerTokenPassesJwtValidation()
    {
        await using var app = await StartAppAsync();
        await using var alb = await AlbEmulatorFixture.FromJson(Json).WithTargetUrls("app", app.Url).StartAsync();

        using var anonymous = alb.CreateClient(443);
        Assert.Equal(HttpStatusCode.Found, (await anonymous.GetAsync("/app/me")).StatusCode);

        using var browser = await alb.SignInAsync(443, "alice", path: "/app/");
        Assert.Equal("identity=" + IdentityProvider.BuiltInIdentityProvider.StableSubject("alice"), await browser.GetStringAsync("/app/me"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => alb.SignInAsync(443, "alice", "wrong", "/app/"));
        await Assert.ThrowsAsync<ArgumentException>(() => alb.SignInAsync(443, "nobody"));

        using var api = alb.CreateClient(443);
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        withToken.Headers.Authorization = new("Bearer", alb.MintBearerToken("svc", new Dictionary<string, object?> { ["scope"] = "orders.read orders.write" }));
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(withToken)).StatusCode);
        using var wrongScope = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        wrongScope.Headers.Authorization = new("Bearer", alb.MintBearerToken("svc", new Dictionary<string, object?> { ["scope"] = "orders.write" }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(wrongScope)).StatusCode);
        using var expired = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        expired.Headers.Authorization = new("Bearer", alb.MintBearerToken("svc", new Dictionary<string, object?> { ["scope"] = "orders.read", ["exp"] = 1_000_000_000 }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(expired)).StatusCode);
        var line = await alb.WaitForAccessLogAsync(e => e.ErrorReason == "JWTClaimValueInvalid");
        Assert.Equal(401, line.ElbStatusCode);
    }

    private static async Task<App> StartAppAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("identity=" + context.Request.Headers["x-amzn-oidc-identity"]));
        await app.StartAsync();
        return new App(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    private sealed record App(WebApplication Web, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Web.DisposeAsync();
    }
}
