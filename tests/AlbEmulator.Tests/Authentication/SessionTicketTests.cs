using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AlbEmulator.Authentication;

namespace AlbEmulator.Tests.Authentication;

/// <summary>
/// The JSON sealed into the session cookie (SessionTicket) and into the login <c>state</c> (OidcAuthenticator.LoginState):
/// source-generated, so it works in the Native AOT binary, with the bytes the reflection-based serialiser wrote (a cookie
/// issued by one build still opens in the other).
/// </summary>
public sealed class SessionTicketTests
{
    private static readonly JsonSerializerOptions Reflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly SessionTicket Ticket = new()
    {
        Issuer = "https://idp.example.com",
        ClientId = "client-1",
        Subject = "user-1",
        ClaimsJson = """{"sub":"user-1","email":"a@example.com","name":"Zoë <admin>"}""",
        AccessToken = "eyJ.at.sig",
        RefreshToken = null,
        AccessTokenExpires = 1_800_000_000,
        SessionExpires = 1_800_604_800,
    };

    [Fact]
    public void Serialize_SameBytesAsReflection_RoundTrips()
    {
        var bytes = Ticket.Serialize();

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Ticket, Reflection), bytes);
        Assert.StartsWith("""{"iss":"https://idp.example.com","cid":"client-1","sub":"user-1","claims":""", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(Ticket, SessionTicket.Deserialize(bytes));
    }

    [Fact]
    public void Deserialize_ReadsWhatReflectionWrote_RejectsMissingRequiredOrGarbage()
    {
        Assert.Equal(Ticket with { RefreshToken = "rt" }, SessionTicket.Deserialize(JsonSerializer.SerializeToUtf8Bytes(Ticket with { RefreshToken = "rt" }, Reflection)));
        Assert.Null(SessionTicket.Deserialize("""{"iss":"x","cid":"y"}"""u8.ToArray()));
        Assert.Null(SessionTicket.Deserialize("not json"u8.ToArray()));
    }

    [Fact]
    public void LoginState_SameBytesAsReflection_RoundTrips()
    {
        var state = new OidcAuthenticator.LoginState("n0nce", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/a/1/2/3", "/path?q=<1>&é", 1_765_000_000_000);

        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, AuthenticationJsonContext.Default.LoginState);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(state, Reflection), bytes);
        Assert.Equal(state, JsonSerializer.Deserialize(bytes, AuthenticationJsonContext.Default.LoginState));
    }
}
