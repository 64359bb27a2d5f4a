namespace AlbEmulator.Tests.Configuration;

public sealed class ConditionValidatorTests
{
    private const string R = "Listener 8080 rule 10";

    [Theory]
    [InlineData("""[ { "Field": "host-header", "Values": [ "*.example.com" ] } ]""")]
    [InlineData("""[ { "Field": "path-pattern", "Values": [ "/a/*" ] } ]""")]
    [InlineData("""[ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/a-b_c.$~\"'@:+&*?" ] } } ]""")]
    [InlineData("""[ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-Canary", "Values": [ "on*" ] } } ]""")]
    [InlineData("""[ { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "GET", "CUSTOM_VERB-X" ] } } ]""")]
    [InlineData("""[ { "Field": "query-string", "QueryStringConfig": { "Values": [ { "Key": "v", "Value": "1" }, { "Value": "x\\*" } ] } } ]""")]
    [InlineData("""[ { "Field": "source-ip", "SourceIpConfig": { "Values": [ "10.0.0.0/8", "2001:db8::/32", "192.168.1.7/32" ] } } ]""")]
    [InlineData("""[ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "A", "Values": [ "1" ] } }, { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "B", "Values": [ "2" ] } } ]""")]
    [InlineData("""[ { "Field": "host-header", "HostHeaderConfig": { "RegexValues": [ "^(.*)\\.example\\.com(:8443)?$" ] } } ]""")]
    [InlineData("""[ { "Field": "path-pattern", "PathPatternConfig": { "RegexValues": [ "^\\/api\\/(.*)$" ] } } ]""")]
    [InlineData("""[ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "User-Agent", "RegexValues": [ ".+" ] } } ]""")]
    [InlineData("""[ { "Field": "path-pattern", "RegexValues": [ "^/a" ] } ]""")]
    public void Valid_conditions(string conditions)
    {
        Assert.Empty(ConfigTestData.Validate(ConfigTestData.Document(rules: ConfigTestData.Rule(conditions))));
    }

    /// <summary>The condition rules: the six types, path-pattern once per rule (RULE-10), five values and five wildcards per rule (RULE-4), host-header characters (RULE-20), the header name (RULE-22), method characters (RULE-23), regex values (RULE-14).</summary>
    [Theory]
    [InlineData("""[]""", "Conditions: At least one condition is required")]
    [InlineData("""[ { "Values": [ "/a" ] } ]""", "Conditions[0].Field: Field is required")]
    [InlineData("""[ { "Field": "path", "Values": [ "/a" ] } ]""", "Conditions[0].Field: Condition field 'path' must be one of 'host-header', 'path-pattern', 'http-header', 'http-request-method', 'query-string', 'source-ip'")]
    [InlineData("""[ { "Field": "path-pattern" } ]""", "Conditions[0]: PathPatternConfig is required for Field 'path-pattern'")]
    [InlineData("""[ { "Field": "path-pattern", "HostHeaderConfig": { "Values": [ "a.b" ] }, "PathPatternConfig": { "Values": [ "/a" ] } } ]""", "Conditions[0].HostHeaderConfig: HostHeaderConfig is not allowed with Field 'path-pattern'")]
    [InlineData("""[ { "Field": "source-ip", "Values": [ "10.0.0.0/8" ] } ]""", "Conditions[0].Values: Values is only supported for 'host-header' and 'path-pattern' conditions; use SourceIpConfig")]
    [InlineData("""[ { "Field": "path-pattern", "Values": [ "/a" ], "PathPatternConfig": { "Values": [ "/b" ] } } ]""", "Conditions[0].Values: Specify either Values or PathPatternConfig, not both")]
    [InlineData("""[ { "Field": "path-pattern", "Values": [ "/a" ] }, { "Field": "path-pattern", "Values": [ "/b" ] } ]""", "Conditions[1].Field: A rule can only have one 'path-pattern' condition")]
    [InlineData("""[ { "Field": "host-header", "HostHeaderConfig": { "Values": [] } } ]""", "Conditions[0].HostHeaderConfig.Values: At least one value is required")]
    [InlineData("""[ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "a.example.com:8080" ] } } ]""", "Conditions[0].HostHeaderConfig.Values[0]: Value 'a.example.com:8080' can only contain the characters A-Z a-z 0-9 - . * ?")]
    [InlineData("""[ { "Field": "path-pattern", "Values": [ "/a b" ] } ]""", "Conditions[0].Values[0]: Value '/a b' can only contain the characters A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & * ?")]
    [InlineData("""[ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "host", "Values": [ "x" ] } } ]""", "Conditions[0].HttpHeaderConfig.HttpHeaderName: Header name 'Host' is not allowed; use a 'host-header' condition")]
    [InlineData("""[ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X Bad", "Values": [ "x" ] } } ]""", "Conditions[0].HttpHeaderConfig.HttpHeaderName: Header name 'X Bad' is not a valid HTTP header name")]
    [InlineData("""[ { "Field": "http-header", "HttpHeaderConfig": { "Values": [ "x" ] } } ]""", "Conditions[0].HttpHeaderConfig.HttpHeaderName: HttpHeaderName is required")]
    [InlineData("""[ { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "get" ] } } ]""", "Conditions[0].HttpRequestMethodConfig.Values[0]: Value 'get' can only contain the characters A-Z - _")]
    [InlineData("""[ { "Field": "query-string", "QueryStringConfig": { "Values": [ { "Key": "a" } ] } } ]""", "Conditions[0].QueryStringConfig.Values[0].Value: Value is required")]
    [InlineData("""[ { "Field": "source-ip", "SourceIpConfig": { "Values": [ "10.0.0.1" ] } } ]""", "Conditions[0].SourceIpConfig.Values[0]: Value '10.0.0.1' is not a valid IPv4 or IPv6 CIDR block")]
    [InlineData("""[ { "Field": "source-ip", "SourceIpConfig": { "Values": [ "10.0.0.0/33" ] } } ]""", "Conditions[0].SourceIpConfig.Values[0]: Value '10.0.0.0/33' is not a valid IPv4 or IPv6 CIDR block")]
    [InlineData("""[ { "Field": "source-ip", "SourceIpConfig": { "Values": [ "255.255.255.255/32" ] } } ]""", "Conditions[0].SourceIpConfig.Values[0]: Value '255.255.255.255/32' is not allowed")]
    [InlineData("""[ { "Field": "path-pattern", "Values": [ "/1", "/2", "/3" ] }, { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "GET", "PUT", "POST" ] } } ]""", "Conditions: A rule can only have '5' condition values (found 6)")]
    [InlineData("""[ { "Field": "path-pattern", "Values": [ "/*/*/*" ] }, { "Field": "host-header", "Values": [ "*.?.*.example.com" ] } ]""", "Conditions: A rule can only have '5' wildcards (found 6)")]
    [InlineData("""[ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "a.example.com" ], "RegexValues": [ "^a" ] } } ]""", "Conditions[0].HostHeaderConfig.RegexValues: You cannot specify both Values and RegexValues in the same condition")]
    [InlineData("""[ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-A", "Values": [ "a" ], "RegexValues": [ "^a" ] } } ]""", "Conditions[0].HttpHeaderConfig.RegexValues: You cannot specify both Values and RegexValues in the same condition")]
    [InlineData("""[ { "Field": "path-pattern", "PathPatternConfig": { "RegexValues": [] } } ]""", "Conditions[0].PathPatternConfig.RegexValues: At least one value is required")]
    [InlineData("""[ { "Field": "path-pattern", "PathPatternConfig": { "RegexValues": [ "^/(?=a)" ] } } ]""", "Conditions[0].PathPatternConfig.RegexValues[0]: Regex value '^/(?=a)': lookaheads, lookbehinds, backreferences, atomic groups, possessive quantifiers, subroutines and recursion are not supported")]
    [InlineData("""[ { "Field": "path-pattern", "PathPatternConfig": { "RegexValues": [ "\\p{L}" ] } } ]""", "Conditions[0].PathPatternConfig.RegexValues[0]: Regex value '\\p{L}': Unicode character classes (\\p{...}) are not supported")]
    [InlineData("""[ { "Field": "source-ip", "SourceIpConfig": { "RegexValues": [ "^10" ] } } ]""", "Conditions[0].SourceIpConfig.RegexValues: RegexValues is not supported for 'source-ip' conditions")]
    [InlineData("""[ { "Field": "source-ip", "RegexValues": [ "^10" ] } ]""", "Conditions[0].RegexValues: RegexValues is only supported for 'host-header' and 'path-pattern' conditions; use SourceIpConfig")]
    [InlineData("""[ { "Field": "path-pattern", "PathPatternConfig": { "RegexValues": [ "^/1", "^/2", "^/3" ] } }, { "Field": "host-header", "HostHeaderConfig": { "RegexValues": [ "a", "b", "c" ] } } ]""", "Conditions: A rule can only have '5' condition values (found 6)")]
    public void Invalid_conditions(string conditions, string expected)
    {
        var errors = ConfigTestData.Validate(ConfigTestData.Document(rules: ConfigTestData.Rule(conditions)));

        Assert.Equal([$"{R}: {expected}"], errors);
    }

    [Fact]
    public void Values_longer_than_128_characters_are_rejected()
    {
        var value = "/" + new string('a', 128);
        var errors = ConfigTestData.Validate(ConfigTestData.Document(rules: ConfigTestData.Rule($$"""[ { "Field": "path-pattern", "Values": [ "{{value}}" ] } ]""")));

        Assert.Equal([$"{R}: Conditions[0].Values[0]: Value '{value}' cannot be longer than 128 characters"], errors);
    }

    [Fact]
    public void Regex_values_longer_than_128_characters_are_rejected()
    {
        var value = new string('a', 129);
        var errors = ConfigTestData.Validate(ConfigTestData.Document(rules: ConfigTestData.Rule($$"""[ { "Field": "path-pattern", "PathPatternConfig": { "RegexValues": [ "{{value}}" ] } } ]""")));

        Assert.Equal([$"{R}: Conditions[0].PathPatternConfig.RegexValues[0]: Regex value '{value}' cannot be longer than 128 characters"], errors);
    }
}
