using System.Net;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AuthTests;

/// <summary>
/// A cookie-keeping HTTP client that behaves like a browser in the sign-in flow: it keeps cookies per
/// host (Secure ones only over https), never follows redirects by itself, and accepts the emulator's
/// self-signed certificate. <see cref="FollowAsync"/> takes one redirect hop.
/// </summary>
internal sealed class Browser : IDisposable
{
    private readonly HttpClient _client;

    public Browser()
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = Cookies,
            UseCookies = true,
            AllowAutoRedirect = false,
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        { Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(Uri url, IEnumerable<(string Name, string Value)>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return _client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostFormAsync(Uri url, IDictionary<string, string> form) =>
        _client.PostAsync(url, new FormUrlEncodedContent(form));

    /// <summary>GET the Location of a redirect.</summary>
    public Task<HttpResponseMessage> FollowAsync(HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        return GetAsync(redirect.Headers.Location!);
    }

    /// <summary>
    /// From a 302 to the built-in identity provider's /authorize to the callback's redirect: the sign-in
    /// form, the login POST, the callback. Returns the callback's response (302 to the original URL).
    /// </summary>
    public async Task<HttpResponseMessage> SignInAtBuiltInProviderAsync(HttpResponseMessage toAuthorize, string username, string password)
    {
        using var form = await FollowAsync(toAuthorize);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("name=\"username\"", html, StringComparison.Ordinal);
        var login = await PostLoginAsync(toAuthorize.Headers.Location!, username, password);
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        return await FollowAsync(login);
    }

    /// <summary>POST the sign-in form for the authorize URL's parameters.</summary>
    public Task<HttpResponseMessage> PostLoginAsync(Uri authorize, string username, string password, string action = "sign-in")
    {
        var fields = Query(authorize);
        fields["username"] = username;
        fields["password"] = password;
        fields["action"] = action;
        var loginUrl = new Uri(authorize.GetLeftPart(UriPartial.Path).Replace("/authorize", "/login", StringComparison.Ordinal));
        return PostFormAsync(loginUrl, fields);
    }

    public static Dictionary<string, string> Query(Uri url)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            values[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        return values;
    }

    /// <summary>The request the echo backend received.</summary>
    public static async Task<EchoedRequest> EchoAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<EchoedRequest>(await response.Content.ReadAsStringAsync())!;
    }

    public void Dispose() => _client.Dispose();
}
