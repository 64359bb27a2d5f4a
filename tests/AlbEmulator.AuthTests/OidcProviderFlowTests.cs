using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlbEmulator.Authentication;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AuthTests;

/// <summary>
/// authenticate-oidc against an independent, certified OpenID provider (the npm package oidc-provider):
/// the whole browser flow through its own login and consent pages, the claims at the target, and the
/// refresh-token grant when the access token has expired on the load balancer's clock.
/// </summary>
public sealed partial class OidcProviderFlowTests
{
    [Fact]
    public async Task TheBrowserFlowWorksAgainstOidcProviderAndClaimsRefresh()
    {
        await using var idp = await OidcProviderProcess.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var issuer = idp.Issuer;
        var action = AuthScenario.Oidc(issuer, issuer + "/auth", issuer + "/token", issuer + "/me",
            extra: """, "Scope": "openid email profile offline_access", "AuthenticationRequestExtraParams": { "prompt": "consent" }""");
        await using var scenario = await AuthScenario.StartAsync(AuthScenario.Rule(10, "/app*", action), time: clock);
        var callbackUrl = scenario.Url("/oauth2/idpresponse");
        await idp.RegisterClientAsync(callbackUrl.AbsoluteUri);

        using var browser = new Browser();
        var start = await browser.GetAsync(scenario.Url("/app/home?tab=1"));
        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        Assert.StartsWith(issuer + "/auth?", start.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        // Through oidc-provider's login and consent pages until it sends the browser back to the load balancer.
        var response = await browser.GetAsync(start.Headers.Location!);
        var current = start.Headers.Location!;
        for (var hop = 0; hop < 20 && !IsCallback(response, current, callbackUrl); hop++)
        {
            if ((int)response.StatusCode is 302 or 303)
            {
                current = new Uri(current, response.Headers.Location!);
                response = await browser.GetAsync(current);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"oidc-provider answered {(int)response.StatusCode}: {html}\n{idp.Errors()}");
            var (formAction, fields) = ParseForm(html);
            if (fields.ContainsKey("login"))
            {
                fields["login"] = "carol";
                fields["password"] = "any";
            }

            current = new Uri(current, formAction);
            response = await browser.PostFormAsync(current, fields);
        }

        Assert.True(IsCallback(response, current, callbackUrl), "oidc-provider did not redirect to /oauth2/idpresponse: " + idp.Errors());
        var callback = await browser.GetAsync(new Uri(current, response.Headers.Location!));
        Assert.True(callback.StatusCode == HttpStatusCode.Found, $"callback answered {(int)callback.StatusCode}: {string.Join("\n", scenario.Environment.AccessLogLines)}\n{idp.Errors()}");
        Assert.Equal(scenario.Url("/app/home?tab=1"), callback.Headers.Location);

        var echoed = await Browser.EchoAsync(await browser.FollowAsync(callback));
        Assert.Equal("carol", Assert.Single(echoed.All(OidcRequestHeaders.Identity)));
        var firstAccessToken = Assert.Single(echoed.All(OidcRequestHeaders.AccessToken));
        var data = Assert.Single(echoed.All(OidcRequestHeaders.Data)).Split('.');
        using (var header = JsonDocument.Parse(BuiltInProviderFlowTests.Decode(data[0])))
        using (var payload = JsonDocument.Parse(BuiltInProviderFlowTests.Decode(data[1])))
        {
            Assert.Equal(issuer, header.RootElement.GetProperty("iss").GetString());
            Assert.Equal("alb-client", header.RootElement.GetProperty("client").GetString());
            Assert.Equal("carol@oidc.test", payload.RootElement.GetProperty("email").GetString());
            Assert.Equal("carol", payload.RootElement.GetProperty("sub").GetString());
        }

        await scenario.WaitForTotalAsync("ELBAuthSuccess", 1);

        // The access token (1 hour) expires on the load balancer's clock: the refresh token gets new claims.
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var refreshed = await browser.GetAsync(scenario.Url("/app/after-refresh"));
        Assert.True(refreshed.StatusCode == HttpStatusCode.OK, $"{(int)refreshed.StatusCode}: {string.Join("\n", scenario.Environment.AccessLogLines)}\n{idp.Errors()}");
        var afterRefresh = await Browser.EchoAsync(refreshed);
        Assert.NotEqual(firstAccessToken, Assert.Single(afterRefresh.All(OidcRequestHeaders.AccessToken)));
        await scenario.WaitForTotalAsync("ELBAuthRefreshTokenSuccess", 1);
    }

    private static bool IsCallback(HttpResponseMessage response, Uri current, Uri callbackUrl) =>
        (int)response.StatusCode is 302 or 303 && response.Headers.Location is { } location
        && new Uri(current, location).GetLeftPart(UriPartial.Path) == callbackUrl.AbsoluteUri;

    private static (string Action, Dictionary<string, string> Fields) ParseForm(string html)
    {
        var form = FormPattern().Match(html);
        Assert.True(form.Success, "No form in: " + html);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputPattern().Matches(form.Groups[2].Value))
        {
            var name = AttributePattern("name").Match(input.Value);
            if (name.Success)
            {
                var value = AttributePattern("value").Match(input.Value);
                fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }

        return (WebUtility.HtmlDecode(form.Groups[1].Value), fields);
    }

    [GeneratedRegex("""<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input[^>]*>", RegexOptions.Singleline)]
    private static partial Regex InputPattern();

    private static Regex AttributePattern(string name) => new($"""\b{name}="([^"]*)" """.TrimEnd());
}
