using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlbEmulator.Authentication;

/// <summary>
/// What the encrypted session cookie carries (AUTH-3): the user's claims and tokens, and when the
/// session and the access token end. Bound to the identity provider and client that issued it.
/// </summary>
public sealed record SessionTicket
{
    [JsonPropertyName("iss")]
    public required string Issuer { get; init; }

    [JsonPropertyName("cid")]
    public required string ClientId { get; init; }

    [JsonPropertyName("sub")]
    public string? Subject { get; init; }

    /// <summary>The userinfo response, as JSON object text.</summary>
    [JsonPropertyName("claims")]
    public required string ClaimsJson { get; init; }

    [JsonPropertyName("at")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("rt")]
    public string? RefreshToken { get; init; }

    /// <summary>Unix seconds when the access token expires (claims are refreshed after it, AUTH-5).</summary>
    [JsonPropertyName("ate")]
    public long AccessTokenExpires { get; init; }

    /// <summary>Unix seconds when the session ends (<c>SessionTimeout</c> after sign-in).</summary>
    [JsonPropertyName("se")]
    public long SessionExpires { get; init; }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, AuthenticationJsonContext.Default.SessionTicket);

    public static SessionTicket? Deserialize(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AuthenticationJsonContext.Default.SessionTicket);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The JSON inside the sealed session cookie and the sealed login <c>state</c>: source-generated metadata (the Native AOT
/// binary has no reflection-based serialisation), default options, so the bytes are those reflection wrote.
/// </summary>
[JsonSerializable(typeof(SessionTicket))]
[JsonSerializable(typeof(OidcAuthenticator.LoginState))]
internal sealed partial class AuthenticationJsonContext : JsonSerializerContext;
