using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AuthTests;

/// <summary>
/// An emulator with one HTTPS listener (443) in front of an echo backend ("app"), the built-in identity
/// provider with alice (small claims) and bob (claims large enough to shard the session cookie), and
/// the rules the test passes. The default action forwards without authentication.
/// </summary>
internal sealed class AuthScenario : IAsyncDisposable
{
    public const string AlicePassword = "alice-pw";

    private AuthScenario(AlbTestEnvironment environment, TestBackend backend)
    {
        Environment = environment;
        Backend = backend;
    }

    public AlbTestEnvironment Environment { get; }

    public TestBackend Backend { get; }

    public AlbEmulatorServer Server => Environment.Server;

    public Uri Admin => Server.AdminUri!;

    public string Issuer => Server.IdentityProvider.Issuer!;

    public Uri Url(string pathAndQuery) => new(Environment.Listener(443), pathAndQuery);

    /// <summary>A claim value of random (incompressible) characters: bob's claims need two cookie shards.</summary>
    public static readonly string LargeClaim = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4500));

    public static string Users(int? tokenLifetime = null) => $$"""
        "IdentityProvider": {
          {{(tokenLifetime is { } t ? $"\"AccessTokenLifetimeSeconds\": {t}," : "")}}
          "Users": [
            { "Username": "alice", "Password": "{{AlicePassword}}", "Claims": { "email": "alice@example.com", "groups": [ "admin", "dev" ], "email_verified": true } },
            { "Username": "bob", "Password": "bob-pw", "Claims": { "email": "bob@example.com", "notes": "{{LargeClaim}}" } }
          ]
        }
        """;

    /// <summary>A rule: <paramref name="authAction"/> (Order 1) then forward to app (Order 2), for a path pattern.</summary>
    public static string Rule(int priority, string pathPattern, string authAction) => $$"""
        { "Priority": {{priority}}, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "{{pathPattern}}" ] } } ],
          "Actions": [ {{authAction}}, { "Type": "forward", "Order": 2, "TargetGroupName": "app" } ] }
        """;

    public static string Cognito(string onUnauthenticated = "authenticate", string extra = "") => $$"""
        { "Type": "authenticate-cognito", "Order": 1, "AuthenticateCognitoConfig": {
            "UserPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_local", "UserPoolClientId": "local-client",
            "UserPoolDomain": "local", "OnUnauthenticatedRequest": "{{onUnauthenticated}}" {{extra}} } }
        """;

    public static string Oidc(string issuer, string authorization, string token, string userInfo, string clientId = "alb-client", string clientSecret = "alb-secret", string extra = "") => $$"""
        { "Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": {
            "Issuer": "{{issuer}}", "AuthorizationEndpoint": "{{authorization}}", "TokenEndpoint": "{{token}}", "UserInfoEndpoint": "{{userInfo}}",
            "ClientId": "{{clientId}}", "ClientSecret": "{{clientSecret}}" {{extra}} } }
        """;

    public static async Task<AuthScenario> StartAsync(string rules, string? identityProvider = null, TimeProvider? time = null)
    {
        var backend = await TestBackend.StartAsync("app");
        var config = $$"""
            {
              {{identityProvider ?? Users()}},
              "Listeners": [ { "Port": 443, "Protocol": "HTTPS",
                "DefaultActions": [ { "Type": "forward", "TargetGroupName": "app" } ],
                "Rules": [ {{rules}} ] } ],
              "TargetGroups": [ { "Name": "app", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """;
        try
        {
            var environment = await AlbTestEnvironment.StartAsync(config, configure: o =>
            {
                if (time is not null)
                {
                    o.TimeProvider = time;
                }
            });
            return new AuthScenario(environment, backend);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>The access-log line of a request path (polls; lines are written when responses complete).</summary>
    public Task<AccessLogLine> LogAsync(string pathAndQuery, int skip = 0) =>
        Environment.WaitForAccessLogAsync(l => l.Contains($":443{pathAndQuery}", StringComparison.Ordinal), skip: skip).ContinueWith(t => AccessLogLine.Parse(t.Result), TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        await Environment.DisposeAsync();
        await Backend.DisposeAsync();
    }
}

internal static class MetricsPolling
{
    /// <summary>Polls (deadline 10 s) until the metric's total reaches <paramref name="expected"/>; metrics are recorded when the access-log line is written.</summary>
    public static async Task WaitForTotalAsync(this AuthScenario scenario, string metric, double expected)
    {
        var total = await Eventually.ValueAsync(() => scenario.Server.Observability.Collector.Total(metric), total => total >= expected, $"{metric} to reach {expected}");
        Assert.Equal(expected, total);
    }
}
