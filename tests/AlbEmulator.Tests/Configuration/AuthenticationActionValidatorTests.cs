using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

/// <summary>authenticate-oidc, authenticate-cognito and jwt-validation in the config (AUTH-1, ACT-50, config-format.md §5).</summary>
public sealed class AuthenticationActionValidatorTests
{
    private const string L = "Listener 8080 rule 10";
    private const string Idp = """, "IdentityProvider": { "Users": [ { "Username": "alice", "Password": "pw", "Claims": { "email": "a@b.c", "groups": [ "x" ] } } ] }""";

    private static string Doc(string authAction, string protocol = "HTTPS", string identityProvider = Idp) =>
        ConfigTestData.Document(protocol: protocol, rules: ConfigTestData.Rule(
            """[ { "Field": "path-pattern", "Values": [ "/app*" ] } ]""",
            $$"""[ {{authAction}}, { "Type": "forward", "Order": 2, "TargetGroupName": "web" } ]""")).TrimEnd().TrimEnd('}') + identityProvider + "}";

    [Theory]
    [InlineData("""{ "Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": { "Issuer": "https://idp.example.com", "AuthorizationEndpoint": "https://idp.example.com/auth", "TokenEndpoint": "https://idp.example.com/token", "UserInfoEndpoint": "https://idp.example.com/userinfo", "ClientId": "c", "ClientSecret": "s", "SessionCookieName": "MySession", "Scope": "openid email", "SessionTimeout": 3600, "AuthenticationRequestExtraParams": { "prompt": "login" }, "OnUnauthenticatedRequest": "deny" } }""")]
    [InlineData("""{ "Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": { "Issuer": "{admin-url}/idp", "AuthorizationEndpoint": "{admin-url}/idp/authorize", "TokenEndpoint": "http://localhost:9000/token", "UserInfoEndpoint": "{admin-url}/idp/userinfo", "ClientId": "c" } }""")]
    [InlineData("""{ "Type": "authenticate-cognito", "Order": 1, "AuthenticateCognitoConfig": { "UserPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x", "UserPoolClientId": "c", "UserPoolDomain": "d", "SessionTimeout": "1", "OnUnauthenticatedRequest": "allow" } }""")]
    [InlineData("""{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "{admin-url}/idp/jwks", "Issuer": "{admin-url}/idp", "AdditionalClaims": [ { "Format": "single-string", "Name": "tenant", "Values": [ "a" ] }, { "Format": "space-separated-values", "Name": "scope", "Values": [ "read", "write" ] } ] } }""")]
    public void ValidAuthenticationActions(string action) => Assert.Empty(ConfigTestData.Validate(Doc(action)));

    [Theory]
    [InlineData("""{ "Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": { "Issuer": "idp", "AuthorizationEndpoint": "ftp://x/a", "TokenEndpoint": "https://t", "UserInfoEndpoint": "https://u" } }""",
        "Actions[0].AuthenticateOidcConfig.Issuer: Issuer 'idp' must be a full URL with the https (or, locally, http) protocol",
        "Actions[0].AuthenticateOidcConfig.AuthorizationEndpoint: AuthorizationEndpoint 'ftp://x/a' must be a full URL with the https (or, locally, http) protocol",
        "Actions[0].AuthenticateOidcConfig.ClientId: ClientId is required")]
    [InlineData("""{ "Type": "authenticate-cognito", "Order": 1, "AuthenticateCognitoConfig": { "UserPoolArn": "pool", "UserPoolDomain": "d", "SessionTimeout": 604801, "OnUnauthenticatedRequest": "redirect", "SessionCookieName": "bad name" } }""",
        "Actions[0].AuthenticateCognitoConfig.UserPoolClientId: UserPoolClientId is required",
        "Actions[0].AuthenticateCognitoConfig.UserPoolArn: UserPoolArn 'pool' is not an ARN",
        "Actions[0].AuthenticateCognitoConfig.SessionCookieName: SessionCookieName 'bad name' must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)",
        "Actions[0].AuthenticateCognitoConfig.SessionTimeout: SessionTimeout '604801' must be between 1 and 604800 seconds",
        "Actions[0].AuthenticateCognitoConfig.OnUnauthenticatedRequest: OnUnauthenticatedRequest 'redirect' must be one of 'deny', 'allow', 'authenticate'")]
    [InlineData("""{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "https://k", "Issuer": "i", "AdditionalClaims": [ { "Format": "list", "Name": "exp", "Values": [] }, { "Format": "space-separated-values", "Name": "scope", "Values": [ "a b" ] }, { "Format": "string-array", "Name": "scope", "Values": [ "a" ] } ] } }""",
        "Actions[0].JwtValidationConfig.AdditionalClaims[0].Name: Claim 'exp' is always validated and cannot be an additional claim",
        "Actions[0].JwtValidationConfig.AdditionalClaims[0].Format: Format 'list' must be one of 'single-string', 'string-array', 'space-separated-values'",
        "Actions[0].JwtValidationConfig.AdditionalClaims[0].Values: Values must list 1 to 10 values (found 0)",
        "Actions[0].JwtValidationConfig.AdditionalClaims[1].Values: Value 'a b' cannot contain spaces with Format 'space-separated-values'",
        "Actions[0].JwtValidationConfig.AdditionalClaims[2].Name: Claim 'scope' is listed more than once")]
    public void InvalidAuthenticationActions(string action, params string[] expected) =>
        Assert.Equal(expected.Select(e => $"{L}: {e}"), ConfigTestData.Validate(Doc(action)));

    [Fact]
    public void AuthenticationNeedsAnHttpsListenerAndCognitoNeedsTheIdentityProvider()
    {
        var cognito = """{ "Type": "authenticate-cognito", "Order": 1, "AuthenticateCognitoConfig": { "UserPoolArn": "arn:aws:cognito-idp:us-east-1:1:userpool/p", "UserPoolClientId": "c", "UserPoolDomain": "d" } }""";
        Assert.Equal(
            [
                $"{L}: Actions[0].Type: Action type 'authenticate-cognito' is only supported on HTTPS listeners",
                $"{L}: Actions[0].AuthenticateCognitoConfig: authenticate-cognito is served by the built-in identity provider: add an 'IdentityProvider' section with its users",
            ],
            ConfigTestData.Validate(Doc(cognito, protocol: "HTTP", identityProvider: "")));
    }

    [Fact]
    public void OneAuthenticationActionPerRuleAndConfigObjectsMatchTheirType()
    {
        var json = ConfigTestData.Document(protocol: "HTTPS", rules: ConfigTestData.Rule(
            """[ { "Field": "path-pattern", "Values": [ "/app*" ] } ]""",
            """[ { "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "https://k", "Issuer": "i" }, "RedirectConfig": { "StatusCode": "HTTP_301" } }, { "Type": "jwt-validation", "Order": 2, "JwtValidationConfig": { "JwksEndpoint": "https://k", "Issuer": "i" } }, { "Type": "forward", "Order": 3, "TargetGroupName": "web" } ]"""));
        Assert.Equal(
            [
                $"{L}: Actions[0].RedirectConfig: RedirectConfig is only allowed with Type 'redirect'",
                $"{L}: Actions: At most one 'authenticate-oidc', 'authenticate-cognito' or 'jwt-validation' action is allowed (found 2)",
            ],
            ConfigTestData.Validate(json));
    }

    [Fact]
    public void IdentityProviderUsersNeedUniqueNamesAndPasswordsAndClaimsMustBeAnObject()
    {
        var json = ConfigTestData.Document().TrimEnd().TrimEnd('}') + """, "IdentityProvider": { "AccessTokenLifetimeSeconds": 0, "Users": [ { "Username": "a", "Password": "p" }, { "Username": "a" }, { "Password": "p" } ] } }""";
        Assert.Equal(
            [
                "IdentityProvider: AccessTokenLifetimeSeconds: AccessTokenLifetimeSeconds '0' must be between 1 and 86400",
                "IdentityProvider: Users[1].Username: Username 'a' is used by more than one user",
                "IdentityProvider: Users[1].Password: Password is required",
                "IdentityProvider: Users[2].Username: Username is required",
            ],
            ConfigTestData.Validate(json));

        var read = AlbConfigReader.ReadJson("""{ "IdentityProvider": { "Users": [ { "Username": "a", "Password": "p", "Claims": [ 1 ] } ], "Extra": 1 } }""", ".");
        Assert.Equal(["IdentityProvider: Users[0].Claims: Expected an Object but found an Array", "IdentityProvider: Extra: Encountered unsupported property Extra"], read.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void TheReaderKeepsClaimsAsJsonAndExtraParamsInOrder()
    {
        var read = AlbConfigReader.ReadJson(Doc("""{ "Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": { "Issuer": "https://i", "AuthorizationEndpoint": "https://i/a", "TokenEndpoint": "https://i/t", "UserInfoEndpoint": "https://i/u", "ClientId": "c", "AuthenticationRequestExtraParams": { "prompt": "login", "display": "page" } } }"""), ".");
        Assert.Empty(read.Errors);
        var oidc = read.Config!.LoadBalancers[0].Listeners[0].Rules[0].Actions[0].AuthenticateOidcConfig!;
        Assert.Equal([new KeyValueConfig("prompt", "login"), new KeyValueConfig("display", "page")], oidc.AuthenticationRequestExtraParams);
        Assert.Equal("""{ "email": "a@b.c", "groups": [ "x" ] }""", read.Config.IdentityProvider!.Users[0].ClaimsJson);
    }
}
