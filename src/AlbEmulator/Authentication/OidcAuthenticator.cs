using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Authentication;

/// <summary>
/// <c>authenticate-oidc</c> and <c>authenticate-cognito</c> as ALB runs them (AUTH-2..AUTH-6): the session
/// cookie check with claims refresh, OnUnauthenticatedRequest, the redirect to the authorization
/// endpoint with <c>state</c> and the <c>AWSALBAuthNonce</c> cookie, and the callback at
/// <c>/oauth2/idpresponse</c> (code → tokens → userinfo → session cookie → back to the original URL).
/// </summary>
public sealed partial class OidcAuthenticator
{
    private const string StatePurpose = "state";
    private readonly AuthenticationKeys _keys;
    private readonly SecretBox _box;
    private readonly IdentityProviderClient _client;
    private readonly AdminUrlResolver _admin;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OidcAuthenticator(AuthenticationKeys keys, IdentityProviderClient client, AdminUrlResolver admin, TimeProvider time, ILogger logger)
    {
        _keys = keys;
        _box = new SecretBox(keys);
        _client = client;
        _admin = admin;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether the listener has a rule that authenticates users (then it answers <c>/oauth2/idpresponse</c>).</summary>
    public static bool ListenerAuthenticates(ListenerModel listener)
    {
        if (Authenticates(listener.DefaultRule))
        {
            return true;
        }

        foreach (var rule in listener.Rules)
        {
            if (Authenticates(rule))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rule's authenticate action, or null.</summary>
    internal static OidcActionModel? OidcActionOf(RuleModel rule)
    {
        foreach (var action in rule.Actions)
        {
            if (action is OidcActionModel oidc)
            {
                return oidc;
            }
        }

        return null;
    }

    private static bool Authenticates(RuleModel rule) => OidcActionOf(rule) is not null;

    /// <summary>The action on a matched rule: a valid session adds the claims headers; otherwise OnUnauthenticatedRequest decides.</summary>
    public async ValueTask<ActionOutcome> AuthenticateAsync(HttpContext context, AlbRequestState state, RuleModel rule, OidcActionModel action)
    {
        var record = state.Authentication ??= new AuthenticationRecord();
        var endpoints = _admin.Endpoints(action);
        if (endpoints is null)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationError, "AuthUnhandledException", "The action needs the built-in identity provider, but the admin endpoint is disabled (--admin-url)."));
        }

        var request = context.Request;
        var crossOrigin = request.Headers.Origin.Count > 0;
        var now = _time.GetUtcNow();
        var hadSession = false;
        SessionTicket? ticket = null;
        if (SessionCookies.Read(request.Cookies, action.SessionCookieName) is { } sealedSession)
        {
            ticket = _box.Open(sealedSession, SessionCookies.Purpose) is { } json ? SessionTicket.Deserialize(json) : null;
            if (ticket is null)
            {
                state.ErrorReason = "AuthInvalidCookie";
            }
            else if (ticket.Issuer != endpoints.Issuer || ticket.ClientId != action.ClientId)
            {
                ticket = null;
            }
            else if (now.ToUnixTimeSeconds() >= ticket.SessionExpires)
            {
                hadSession = true;
                ticket = null;
            }
        }

        if (ticket is not null && now.ToUnixTimeSeconds() >= ticket.AccessTokenExpires && ticket.RefreshToken is { } refreshToken)
        {
            var started = Stopwatch.GetTimestamp();
            var (refreshed, failure) = await RefreshAsync(endpoints, action, ticket, refreshToken, now, context.RequestAborted);
            record.IdentityProviderLatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (refreshed is null)
            {
                LogRefreshFailed(_logger, failure!.Reason, failure.Detail);
                hadSession = true;
                ticket = null;
            }
            else
            {
                record.Refreshed = true;
                ticket = refreshed;
                if (SessionCookies.Write(action.SessionCookieName, _box.Seal(ticket.Serialize(), SessionCookies.Purpose), now, crossOrigin, request.Cookies) is { } cookies)
                {
                    ResponseCookies.AppendOnStart(context, cookies);
                }
            }
        }

        if (ticket is null)
        {
            switch (action.OnUnauthenticatedRequest)
            {
                case UnauthenticatedRequestBehavior.Allow:
                    return ActionOutcome.Continue;
                case UnauthenticatedRequestBehavior.Deny when !hadSession:
                    // Single-page apps: no auth info → 401; expired auth info → redirect (AUTH-2).
                    return ActionOutcome.Reject(AlbError.AuthenticationDenied, $"Rule {RuleName(rule)} denies requests without a session cookie '{action.SessionCookieName}-0'.");
                default:
                    return RedirectToIdentityProvider(context, state, rule, action, endpoints, now, _box);
            }
        }

        var headers = request.Headers;
        headers[OidcRequestHeaders.AccessToken] = ticket.AccessToken;
        if (ticket.Subject is { } subject)
        {
            headers[OidcRequestHeaders.Identity] = subject;
        }

        headers[OidcRequestHeaders.Data] = ClaimsToken.Create(_keys, endpoints.Issuer, action.ClientId, state.LoadBalancer.Identifiers.LoadBalancerArn, Encoding.UTF8.GetBytes(ticket.ClaimsJson), now);
        return ActionOutcome.Continue;
    }

    private static ActionOutcome RedirectToIdentityProvider(HttpContext context, AlbRequestState state, RuleModel rule, OidcActionModel action, OidcEndpoints endpoints, DateTimeOffset now, SecretBox box)
    {
        if (RequestFacts.OriginalHost(context) is not { } host)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthMissingHostHeader", "The request has no Host header, so no redirect URI can be built (HTTP/1.0 without Host)."));
        }

        var nonce = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        var (path, query) = RequestFacts.SplitTarget(RequestFacts.RawTarget(context));
        var flow = new LoginState(nonce, rule.Arn, query.Length == 0 ? path : path + "?" + query, now.ToUnixTimeMilliseconds());
        var sealedState = box.Seal(JsonSerializer.SerializeToUtf8Bytes(flow, AuthenticationJsonContext.Default.LoginState), StatePurpose);
        var location = new StringBuilder(endpoints.AuthorizationEndpoint);
        location.Append(endpoints.AuthorizationEndpoint.Contains('?') ? '&' : '?');
        Append(location, "client_id", action.ClientId, first: true);
        Append(location, "redirect_uri", CallbackUri(host));
        Append(location, "response_type", "code");
        Append(location, "scope", action.Scope);
        Append(location, "state", sealedState);
        foreach (var param in action.ExtraParams)
        {
            Append(location, param.Key, param.Value);
        }

        var crossOrigin = context.Request.Headers.Origin.Count > 0;
        return Found(location.ToString(), [$"{AuthenticationDefaults.NonceCookieName}={nonce}{SessionCookies.Attributes(now + AuthenticationDefaults.LoginTimeout, crossOrigin)}"]);
    }

    /// <summary>
    /// <c>/oauth2/idpresponse</c>: checks state and the nonce cookie, exchanges the code, calls userinfo,
    /// sets the session cookie and redirects to the URL the sign-in started from.
    /// </summary>
    public async ValueTask<ActionOutcome> HandleCallbackAsync(HttpContext context, AlbRequestState state)
    {
        var record = state.Authentication ??= new AuthenticationRecord();
        state.RecordActionExecuted("authenticate");
        var request = context.Request;
        var query = request.Query;
        var now = _time.GetUtcNow();
        if (query["state"] is not [{ Length: > 0 } stateText])
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthMissingStateParam", "The callback has no 'state' parameter."));
        }

        var flow = _box.Open(stateText, StatePurpose) is { } json ? Deserialize(json) : null;
        if (flow is null)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidStateParam", "The 'state' parameter was not issued by this load balancer (altered or from another emulator run)."));
        }

        if (!request.Cookies.TryGetValue(AuthenticationDefaults.NonceCookieName, out var nonce) || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(nonce ?? ""), Encoding.ASCII.GetBytes(flow.Nonce)))
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidStateParam", "The AWSALBAuthNonce cookie is missing or belongs to another sign-in (the browser must keep cookies through the sign-in)."));
        }

        var rule = FindRule(state.Listener, flow.RuleArn);
        if (rule is null || OidcActionOf(rule) is not { } action)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidStateParam", "The rule that started this sign-in no longer authenticates users."));
        }

        state.MatchedRulePriority = rule.Priority;
        if (now - DateTimeOffset.FromUnixTimeMilliseconds(flow.Started) > AuthenticationDefaults.LoginTimeout)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidStateParam", $"The sign-in was not completed within {AuthenticationDefaults.LoginTimeout.TotalMinutes:0} minutes."));
        }

        if (query["error"] is [{ Length: > 0 } idpError])
        {
            return Reject(state, new AuthFailure(AlbError.IdentityProviderError, "AuthMissingCodeParam", $"The identity provider answered error '{idpError}' ({query["error_description"]})."));
        }

        if (query["code"] is not [{ Length: > 0 } code])
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthMissingCodeParam", "The callback has no 'code' parameter."));
        }

        if (RequestFacts.OriginalHost(context) is not { } host)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationFailed, "AuthMissingHostHeader", "The callback has no Host header."));
        }

        var endpoints = _admin.Endpoints(action);
        if (endpoints is null)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationError, "AuthUnhandledException", "The action needs the built-in identity provider, but the admin endpoint is disabled (--admin-url)."));
        }

        var started = Stopwatch.GetTimestamp();
        var (tokens, failure) = await _client.RedeemCodeAsync(endpoints, action, code, CallbackUri(host), context.RequestAborted);
        SessionTicket? ticket = null;
        if (tokens is not null)
        {
            failure = CheckIdToken(tokens.IdToken, endpoints, action);
            if (failure is null)
            {
                (ticket, failure) = await CompleteAsync(endpoints, action, tokens, tokens.RefreshToken, now, now + action.SessionTimeout, context.RequestAborted);
            }
        }

        record.IdentityProviderLatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (ticket is null)
        {
            return Reject(state, failure!);
        }

        var crossOrigin = request.Headers.Origin.Count > 0;
        var cookies = SessionCookies.Write(action.SessionCookieName, _box.Seal(ticket.Serialize(), SessionCookies.Purpose), now, crossOrigin, request.Cookies);
        if (cookies is null)
        {
            return Reject(state, new AuthFailure(AlbError.AuthenticationError, "AuthUnhandledException", $"The session needs more than {AuthenticationDefaults.MaxCookieShards} cookies of 4 K (large refresh or access token)."));
        }

        record.SignedIn = true;
        cookies.Add(SessionCookies.Expired(AuthenticationDefaults.NonceCookieName, crossOrigin));
        return Found("https://" + host + flow.OriginalTarget, cookies);
    }

    private async Task<(SessionTicket?, AuthFailure?)> RefreshAsync(OidcEndpoints endpoints, OidcActionModel action, SessionTicket ticket, string refreshToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (tokens, failure) = await _client.RefreshAsync(endpoints, action, refreshToken, cancellationToken);
        return tokens is null
            ? (null, failure)
            : await CompleteAsync(endpoints, action, tokens, tokens.RefreshToken ?? refreshToken, now, DateTimeOffset.FromUnixTimeSeconds(ticket.SessionExpires), cancellationToken);
    }

    /// <summary>userinfo with the new access token, the 11 K limit, and the session ticket.</summary>
    private async Task<(SessionTicket?, AuthFailure?)> CompleteAsync(OidcEndpoints endpoints, OidcActionModel action, TokenResponse tokens, string? refreshToken, DateTimeOffset now, DateTimeOffset sessionExpires, CancellationToken cancellationToken)
    {
        var (claims, failure) = await _client.GetUserInfoAsync(endpoints, tokens.AccessToken, cancellationToken);
        if (claims is null)
        {
            return (null, failure);
        }

        if (claims.Length + Encoding.UTF8.GetByteCount(tokens.AccessToken) > AuthenticationDefaults.MaxClaimsBytes)
        {
            return (null, new AuthFailure(AlbError.AuthenticationError, "AuthUserinfoResponseSizeExceeded",
                $"The user claims ({claims.Length} bytes) and access token ({tokens.AccessToken.Length} bytes) are over {AuthenticationDefaults.MaxClaimsBytes} bytes together."));
        }

        using var document = JsonDocument.Parse(claims);
        var subject = document.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString() : null;
        var ticket = new SessionTicket
        {
            Issuer = endpoints.Issuer,
            ClientId = action.ClientId,
            Subject = subject,
            ClaimsJson = Encoding.UTF8.GetString(claims),
            AccessToken = tokens.AccessToken,
            RefreshToken = refreshToken,
            AccessTokenExpires = (now + (tokens.ExpiresIn ?? AuthenticationDefaults.DefaultAccessTokenLifetime)).ToUnixTimeSeconds(),
            SessionExpires = sessionExpires.ToUnixTimeSeconds(),
        };
        return (ticket, null);
    }

    /// <summary>The ID token must be there (the scope includes openid) and name the issuer and the client (AUTH-6).</summary>
    internal static AuthFailure? CheckIdToken(string? idToken, OidcEndpoints endpoints, OidcActionModel action)
    {
        if (idToken is null)
        {
            return new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidIdToken", $"The token endpoint returned no ID token: Scope '{action.Scope}' must include 'openid'.");
        }

        var parts = idToken.Split('.');
        if (parts.Length != 3 || !Base64Url.TryDecode(parts[1], out var payloadBytes))
        {
            return new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidIdToken", "The ID token is not a JWT.");
        }

        try
        {
            using var payload = JsonDocument.Parse(payloadBytes);
            var root = payload.RootElement;
            var issuer = root.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString() : null;
            if (issuer != endpoints.Issuer)
            {
                return new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidIdToken", $"The ID token's issuer '{issuer}' is not the configured Issuer '{endpoints.Issuer}'.");
            }

            var audienceOk = root.TryGetProperty("aud", out var aud) && (aud.ValueKind == JsonValueKind.String
                ? aud.GetString() == action.ClientId
                : aud.ValueKind == JsonValueKind.Array && aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == action.ClientId));
            return audienceOk ? null : new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidIdToken", $"The ID token's audience does not include the client ID '{action.ClientId}'.");
        }
        catch (JsonException)
        {
            return new AuthFailure(AlbError.AuthenticationFailed, "AuthInvalidIdToken", "The ID token's payload is not JSON.");
        }
    }

    /// <summary>ALB's 302 page with the Location and the Set-Cookie headers (AUTH-2).</summary>
    private static ActionOutcome Found(string location, List<string> cookies) =>
        ActionOutcome.Respond(new AlbGeneratedResponse(302, "Found", "text/html", RedirectBodies.Get(302), location)
        {
            Headers = cookies.Select(c => new KeyValuePair<string, string>("Set-Cookie", c)).ToArray(),
        });

    private static ActionOutcome Reject(AlbRequestState state, AuthFailure failure)
    {
        if (failure.Reason != "-")
        {
            state.ErrorReason = failure.Reason;
        }

        return ActionOutcome.Reject(failure.Error, failure.Detail);
    }

    private static RuleModel? FindRule(ListenerModel listener, string arn)
    {
        if (listener.DefaultRule.Arn == arn)
        {
            return listener.DefaultRule;
        }

        foreach (var rule in listener.Rules)
        {
            if (rule.Arn == arn)
            {
                return rule;
            }
        }

        return null;
    }

    private static string RuleName(RuleModel rule) => rule.Priority == 0 ? "default" : rule.Priority.ToString(CultureInfo.InvariantCulture);

    private static string CallbackUri(string host) => "https://" + host + AuthenticationDefaults.CallbackPath;

    private static void Append(StringBuilder url, string name, string value, bool first = false)
    {
        if (!first)
        {
            url.Append('&');
        }

        url.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static LoginState? Deserialize(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AuthenticationJsonContext.Default.LoginState);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the sealed <c>state</c> parameter carries through the identity provider.</summary>
    internal sealed record LoginState(string Nonce, string RuleArn, string OriginalTarget, long Started);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Refreshing the user claims failed ({ErrorReason}): the user signs in again. {Detail}")]
    private static partial void LogRefreshFailed(ILogger logger, string errorReason, string detail);
}
