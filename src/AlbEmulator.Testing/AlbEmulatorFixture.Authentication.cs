using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlbEmulator.Testing;

/// <summary>Authentication helpers: sign in through the built-in identity provider, mint bearer tokens (docs/authentication.md).</summary>
public sealed partial class AlbEmulatorFixture
{
    /// <summary>
    /// Signs in as a user of the config's <c>IdentityProvider</c> section through the whole browser flow
    /// (the rule's redirect, the sign-in form, <c>/oauth2/idpresponse</c>) and returns an
    /// <see cref="HttpClient"/> for the listener that carries the session cookies, so the next requests
    /// reach the target with <c>x-amzn-oidc-*</c> headers. <paramref name="path"/> must match a rule with
    /// an authenticate-cognito (or an authenticate-oidc on the built-in provider) action whose
    /// OnUnauthenticatedRequest is <c>authenticate</c>. The password defaults to the configured one.
    /// Redirects are not followed by the returned client.
    /// </summary>
    public async Task<HttpClient> SignInAsync(int listenerPort, string username, string? password = null, string path = "/", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(username);
        var idp = Server.IdentityProvider;
        password ??= idp.FindUser(username)?.Password
            ?? throw new ArgumentException($"The config's IdentityProvider has no user '{username}'.", nameof(username));
        var client = CreateSessionClient(listenerPort);
        try
        {
            using var start = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
            var authorize = start.Headers.Location;
            if (start.StatusCode != HttpStatusCode.Found || authorize is null || idp.Issuer is not { } issuer || !authorize.AbsoluteUri.StartsWith(issuer + "/authorize", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"GET {path} answered {(int)start.StatusCode} {authorize}, not a redirect to the built-in identity provider ({idp.Issuer}/authorize): the path must match a rule that authenticates users.");
            }

            var form = ParseQuery(authorize.Query);
            form["username"] = username;
            form["password"] = password;
            using var login = await client.PostAsync(new Uri(issuer + "/login"), new FormUrlEncodedContent(form), cancellationToken).ConfigureAwait(false);
            if (login.StatusCode != HttpStatusCode.Found || login.Headers.Location is not { } callback)
            {
                throw new InvalidOperationException($"Signing in as '{username}' failed: the identity provider answered {(int)login.StatusCode}.");
            }

            using var done = await client.GetAsync(callback, cancellationToken).ConfigureAwait(false);
            if (done.StatusCode != HttpStatusCode.Found)
            {
                throw new InvalidOperationException($"The load balancer's callback answered {(int)done.StatusCode} (error_reason in the access log).");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A bearer token for <c>jwt-validation</c> rules, signed RS256 by the built-in identity provider:
    /// <c>iss</c> is <c>{admin-url}/idp</c> (write <c>"Issuer": "{admin-url}/idp"</c> and
    /// <c>"JwksEndpoint": "{admin-url}/idp/jwks"</c> in the rule), <c>sub</c>, <c>iat</c>, <c>exp</c>
    /// (<paramref name="lifetime"/>, default 1 hour) and the given claims (any JSON-serializable values;
    /// they may override the standard ones, e.g. an <c>exp</c> in the past).
    /// </summary>
    public string MintBearerToken(string subject, IReadOnlyDictionary<string, object?>? claims = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var extra = new JsonObject();
        foreach (var (name, value) in claims ?? new Dictionary<string, object?>())
        {
            extra[name] = JsonSerializer.SerializeToNode(value);
        }

        return Server.IdentityProvider.MintToken(subject, extra, lifetime ?? TimeSpan.FromHours(1));
    }

    /// <summary>An HttpClient for a listener that keeps cookies (a browser's session) and does not follow redirects.</summary>
    public HttpClient CreateSessionClient(int listenerPort)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = ListenerUri(listenerPort), Timeout = TimeSpan.FromSeconds(30) };
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            values[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        return values;
    }
}
