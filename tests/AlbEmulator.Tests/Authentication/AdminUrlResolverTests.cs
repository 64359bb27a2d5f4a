using AlbEmulator.Authentication;
using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Authentication;

public sealed class AdminUrlResolverTests
{
    [Fact]
    public void ThePlaceholderAndCognitoResolveToTheAdminEndpointOnceBound()
    {
        var resolver = new AdminUrlResolver();
        var cognito = OidcActionModel.From(new AuthenticateCognitoActionConfig { UserPoolClientId = "c" });
        Assert.Null(resolver.Endpoints(cognito));
        Assert.Equal("{admin-url}/idp/jwks", resolver.Resolve("{admin-url}/idp/jwks"));

        resolver.SetAdminUri(new Uri("http://127.0.0.1:8081/"));
        Assert.Equal("http://127.0.0.1:8081/idp/jwks", resolver.Resolve("{admin-url}/idp/jwks"));
        Assert.Equal(new OidcEndpoints("http://127.0.0.1:8081/idp", "http://127.0.0.1:8081/idp/authorize", "http://127.0.0.1:8081/idp/token", "http://127.0.0.1:8081/idp/userinfo"), resolver.Endpoints(cognito));
        var oidc = OidcActionModel.From(new AuthenticateOidcActionConfig { Issuer = "https://i", AuthorizationEndpoint = "https://i/a", TokenEndpoint = "https://i/t", UserInfoEndpoint = "https://i/u", ClientId = "c" });
        Assert.Equal(new OidcEndpoints("https://i", "https://i/a", "https://i/t", "https://i/u"), resolver.Endpoints(oidc));
    }

    [Fact]
    public void DefaultsFollowAlb()
    {
        var oidc = OidcActionModel.From(new AuthenticateOidcActionConfig { ClientId = "c" });
        Assert.Equal("AWSELBAuthSessionCookie", oidc.SessionCookieName);
        Assert.Equal("openid", oidc.Scope);
        Assert.Equal(TimeSpan.FromDays(7), oidc.SessionTimeout);
        Assert.Equal(UnauthenticatedRequestBehavior.Authenticate, oidc.OnUnauthenticatedRequest);
        Assert.Equal(UnauthenticatedRequestBehavior.Deny, OidcActionModel.From(new AuthenticateOidcActionConfig { OnUnauthenticatedRequest = "deny" }).OnUnauthenticatedRequest);
    }
}
