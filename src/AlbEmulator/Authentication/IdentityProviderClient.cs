using System.Net.Http.Headers;
using System.Text.Json;
using AlbEmulator.Errors;

namespace AlbEmulator.Authentication;

/// <summary>Tokens from the token endpoint (authorization code or refresh token).</summary>
public sealed record TokenResponse(string AccessToken, string? IdToken, string? RefreshToken, TimeSpan? ExpiresIn);

/// <summary>
/// The load balancer's calls to an identity provider: token endpoint (code and refresh grants,
/// <c>client_secret_post</c>), userinfo, and raw GETs for JWKS. Every call is limited to 5 seconds
/// (AUTH-6, ACT-50) and answers either a result or an <see cref="AuthFailure"/> with ALB's error_reason.
/// </summary>
public sealed class IdentityProviderClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public IdentityProviderClient(TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        _timeout = timeout ?? AuthenticationDefaults.IdentityProviderTimeout;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = _timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),

            // [EMU] Local identity providers often use self-signed certificates; AWS requires public ones.
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task<(TokenResponse? Tokens, AuthFailure? Failure)> RedeemCodeAsync(OidcEndpoints endpoints, OidcActionModel action, string code, string redirectUri, CancellationToken cancellationToken) =>
        PostTokenAsync(endpoints, action, [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri)], cancellationToken);

    public Task<(TokenResponse? Tokens, AuthFailure? Failure)> RefreshAsync(OidcEndpoints endpoints, OidcActionModel action, string refreshToken, CancellationToken cancellationToken) =>
        PostTokenAsync(endpoints, action, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);

    private async Task<(TokenResponse?, AuthFailure?)> PostTokenAsync(OidcEndpoints endpoints, OidcActionModel action, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        form.Add(new("client_id", action.ClientId));
        if (action.ClientSecret is { } secret)
        {
            form.Add(new("client_secret", secret));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, body, failure) = await SendAsync(request, 64 * 1024, "AuthTokenEpRequestTimeout", "token endpoint", cancellationToken);
        if (failure is not null)
        {
            return (null, failure);
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            json = default;
        }

        if (status is < 200 or > 299)
        {
            var error = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return error == "invalid_grant"
                ? (null, new AuthFailure(AlbError.IdentityProviderError, "AuthInvalidGrantError", $"The token endpoint {endpoints.TokenEndpoint} rejected the grant ({status} invalid_grant): the code was used already, expired, or the redirect URI differs."))
                : (null, new AuthFailure(AlbError.IdentityProviderError, "AuthTokenEpRequestFailed", $"The token endpoint {endpoints.TokenEndpoint} answered {status}{(error is null ? "" : " " + error)}."));
        }

        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("access_token", out var access) || access.ValueKind != JsonValueKind.String)
        {
            return (null, new AuthFailure(AlbError.IdentityProviderError, "AuthInvalidTokenResponse", $"The token endpoint {endpoints.TokenEndpoint} answered without an access_token."));
        }

        TimeSpan? expiresIn = json.TryGetProperty("expires_in", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
        return (new TokenResponse(access.GetString()!, StringMember(json, "id_token"), StringMember(json, "refresh_token"), expiresIn), null);
    }

    /// <summary>The userinfo claims as JSON object bytes.</summary>
    public async Task<(byte[]? Claims, AuthFailure? Failure)> GetUserInfoAsync(OidcEndpoints endpoints, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, body, failure) = await SendAsync(request, AuthenticationDefaults.MaxClaimsBytes + 1, "AuthUserinfoEpRequestTimeout", "userinfo endpoint", cancellationToken, sizeReason: "AuthUserinfoResponseSizeExceeded");
        if (failure is not null)
        {
            return (null, failure);
        }

        if (status is < 200 or > 299)
        {
            return (null, new AuthFailure(AlbError.IdentityProviderError, "AuthUserinfoEpRequestFailed", $"The userinfo endpoint {endpoints.UserInfoEndpoint} answered {status}."));
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (body, null);
            }
        }
        catch (JsonException)
        {
        }

        return (null, new AuthFailure(AlbError.IdentityProviderError, "AuthInvalidUserinfoResponse", $"The userinfo endpoint {endpoints.UserInfoEndpoint} did not answer a JSON object."));
    }

    /// <summary>
    /// Sends one request with the 5-second limit and reads at most <paramref name="maxBytes"/> of body.
    /// Unreachable or slow: 500 with <paramref name="timeoutReason"/>; a longer body: 500 with <paramref name="sizeReason"/>.
    /// </summary>
    public async Task<(int Status, byte[] Body, AuthFailure? Failure)> SendAsync(HttpRequestMessage request, int maxBytes, string timeoutReason, string what, CancellationToken cancellationToken,
        string? sizeReason = null, string? failedReason = null, AlbError error = AlbError.AuthenticationError)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (response.Content.Headers.ContentLength > maxBytes && sizeReason is not null)
            {
                return (0, [], new AuthFailure(error, sizeReason, $"The {what} {request.RequestUri} answered {response.Content.Headers.ContentLength} bytes, over the limit of {maxBytes - 1}."));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(limit.Token);
            var buffer = new byte[Math.Min(maxBytes, 16 * 1024)];
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length >= maxBytes)
                    {
                        return sizeReason is not null
                            ? (0, [], new AuthFailure(error, sizeReason, $"The {what} {request.RequestUri} answered more than {maxBytes - 1} bytes."))
                            : ((int)response.StatusCode, buffer, null);
                    }

                    Array.Resize(ref buffer, Math.Min(maxBytes, buffer.Length * 2));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total), limit.Token);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return ((int)response.StatusCode, buffer.AsSpan(0, total).ToArray(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, [], new AuthFailure(error, timeoutReason, $"The {what} {request.RequestUri} did not answer within {_timeout.TotalSeconds:0.###} seconds."));
        }
        catch (HttpRequestException e)
        {
            return (0, [], new AuthFailure(error, failedReason ?? timeoutReason, $"The {what} {request.RequestUri} could not be reached: {e.Message}"));
        }
    }

    private static string? StringMember(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public void Dispose() => _http.Dispose();
}
