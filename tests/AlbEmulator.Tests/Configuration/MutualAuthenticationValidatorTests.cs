namespace AlbEmulator.Tests.Configuration;

/// <summary>Listener attributes (LST-50, LST-51), MutualAuthentication (LST-40) and trust-store references.</summary>
public sealed class MutualAuthenticationValidatorTests
{
    [Theory]
    [InlineData("""{ "Key": "routing.http.response.strict_transport_security.header_value", "Value": "max-age=31536000; includeSubDomains; preload" }""")]
    [InlineData("""{ "Key": "routing.http.response.content_security_policy.header_value", "Value": "default-src 'self' https://*.example.com; img-src * data:" }""")]
    [InlineData("""{ "Key": "routing.http.response.access_control_allow_origin.header_value", "Value": "" }""")]
    [InlineData("""{ "Key": "routing.http.response.server.enabled", "Value": "false" }""")]
    [InlineData("""{ "Key": "routing.http.request.x_amzn_tls_version.header_name", "Value": "X-Tls" }""")]
    public void Valid_listener_attributes(string attribute)
    {
        Assert.Empty(ConfigTestData.Validate(ConfigTestData.Document(listenerExtra: $$""" "ListenerAttributes": [ {{attribute}} ], """)));
    }

    [Theory]
    [InlineData("""{ "Key": "routing.http.response.x_frame_options.header_value", "Value": "DENY\"" }""",
        "Listener 8080: ListenerAttributes[0]: Listener attribute 'routing.http.response.x_frame_options.header_value' value 'DENY\"' is not valid: can only contain the characters a-z A-Z 0-9 and _ :;.,\\/'?!(){}[]@<>=-+*#&`|~^%")]
    [InlineData("""{ "Key": "routing.http.response.server.enabled", "Value": "no" }""",
        "Listener 8080: ListenerAttributes[0]: Listener attribute 'routing.http.response.server.enabled' value 'no' is not valid: must be 'true' or 'false'")]
    [InlineData("""{ "Key": "routing.http.request.x_amzn_tls_version.header_name", "Value": "X Tls" }""",
        "Listener 8080: ListenerAttributes[0]: Listener attribute 'routing.http.request.x_amzn_tls_version.header_name' value 'X Tls' is not valid: must be a valid HTTP header name")]
    [InlineData("""{ "Key": "tcp.idle_timeout.seconds", "Value": "60" }""",
        "Listener 8080: ListenerAttributes[0]: Listener attribute key 'tcp.idle_timeout.seconds' is not recognized")]
    public void Invalid_listener_attributes(string attribute, string expected)
    {
        Assert.Equal([expected], ConfigTestData.Validate(ConfigTestData.Document(listenerExtra: $$""" "ListenerAttributes": [ {{attribute}} ], """)));
    }

    [Fact]
    public void Header_values_longer_than_1024_bytes_are_rejected()
    {
        var value = new string('a', 1025);
        var errors = ConfigTestData.Validate(ConfigTestData.Document(listenerExtra: $$""" "ListenerAttributes": [ { "Key": "routing.http.response.x_frame_options.header_value", "Value": "{{value}}" } ], """));

        Assert.Equal([$"Listener 8080: ListenerAttributes[0]: Listener attribute 'routing.http.response.x_frame_options.header_value' value '{value}' is not valid: cannot be longer than 1024 bytes"], errors);
    }

    [Theory]
    [InlineData("HTTP", """{ "Mode": "passthrough" }""", "Listener 8080: MutualAuthentication.Mode: Mutual authentication is only supported for HTTPS listeners")]
    [InlineData("HTTPS", """{ "Mode": "strict" }""", "Listener 8080: MutualAuthentication.Mode: Mutual authentication mode 'strict' must be one of 'off', 'passthrough', 'verify'")]
    [InlineData("HTTPS", """{ "Mode": "verify" }""", "Listener 8080: MutualAuthentication.TrustStoreArn: A trust store is required when the mutual authentication mode is 'verify'")]
    [InlineData("HTTPS", """{ "Mode": "verify", "TrustStoreName": "missing" }""", "Listener 8080: MutualAuthentication.TrustStoreName: Trust store 'missing' not found")]
    [InlineData("HTTPS", """{ "Mode": "verify", "TrustStoreArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/missing/0123456789abcdef" }""", "Listener 8080: MutualAuthentication.TrustStoreArn: Trust store 'arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/missing/0123456789abcdef' not found")]
    [InlineData("HTTPS", """{ "Mode": "passthrough", "TrustStoreName": "x" }""", "Listener 8080: MutualAuthentication: A trust store can only be associated when the mutual authentication mode is 'verify'")]
    [InlineData("HTTPS", """{ "Mode": "passthrough", "IgnoreClientCertificateExpiry": true }""", "Listener 8080: MutualAuthentication.IgnoreClientCertificateExpiry: IgnoreClientCertificateExpiry can only be specified when the mutual authentication mode is 'verify'")]
    [InlineData("HTTPS", """{ "Mode": "passthrough", "AdvertiseTrustStoreCaNames": "on" }""", "Listener 8080: MutualAuthentication.AdvertiseTrustStoreCaNames: Trust store CA names can only be advertised when the mutual authentication mode is 'verify'")]
    public void Invalid_mutual_authentication(string protocol, string mutual, string expected)
    {
        Assert.Equal([expected], ConfigTestData.Validate(ConfigTestData.Document(protocol: protocol, listenerExtra: $$""" "MutualAuthentication": {{mutual}}, """)));
    }

    [Theory]
    [InlineData("""{ "Mode": "off" }""")]
    [InlineData("""{ "Mode": "passthrough", "AdvertiseTrustStoreCaNames": "off" }""")]
    public void Valid_mutual_authentication_without_trust_store(string mutual)
    {
        Assert.Empty(ConfigTestData.Validate(ConfigTestData.Document(protocol: "HTTPS", listenerExtra: $$""" "MutualAuthentication": {{mutual}}, """)));
    }
}
