namespace AlbEmulator.Tests.Configuration;

public sealed class ListenerValidatorTests
{
    private const string Cert = """ "Certificates": [ { "CertificateFile": "c.pem", "PrivateKeyFile": "k.pem" } ], """;

    [Theory]
    [InlineData("HTTPS", Cert)]
    [InlineData("HTTPS", """ "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", """)]
    [InlineData("HTTPS", """ "Certificates": [ { "CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/x" } ], """)]
    public void Valid_listeners(string protocol, string extra)
    {
        Assert.Empty(ConfigTestData.Validate(ConfigTestData.Document(protocol: protocol, listenerExtra: extra)));
    }

    [Theory]
    [InlineData("HTTP", Cert, "Listener 8080: Certificates: Certificates are only allowed on HTTPS listeners")]
    [InlineData("HTTPS", """ "SslPolicy": "ELBSecurityPolicy-Custom", """, "Listener 8080: SslPolicy: SSL policy 'ELBSecurityPolicy-Custom' not found")]
    [InlineData("HTTPS", """ "Certificates": [ { "CertificateFile": "c.pem" } ], """, "Listener 8080: Certificates[0].PrivateKeyFile: PrivateKeyFile is required with CertificateFile")]
    [InlineData("HTTPS", """ "Certificates": [ { "PrivateKeyFile": "k.pem" } ], """, "Listener 8080: Certificates[0].CertificateFile: CertificateFile is required with PrivateKeyFile")]
    [InlineData("HTTPS", """ "Certificates": [ { } ], """, "Listener 8080: Certificates[0]: A certificate needs CertificateFile and PrivateKeyFile, or CertificateArn")]
    [InlineData("HTTPS", """ "Certificates": [ { "CertificateArn": "arn", "CertificateFile": "c.pem", "PrivateKeyFile": "k.pem" } ], """, "Listener 8080: Certificates[0]: Specify either CertificateArn or CertificateFile and PrivateKeyFile, not both")]
    [InlineData("http", "", "Listener 8080: Protocol: Listener protocol 'http' must be one of 'HTTP', 'HTTPS'")]
    public void Invalid_listeners(string protocol, string extra, string expected)
    {
        Assert.Equal([expected], ConfigTestData.Validate(ConfigTestData.Document(protocol: protocol, listenerExtra: extra)));
    }

    [Theory]
    [InlineData("""{ "arn:aws:acm:us-east-1:123456789012:certificate/x": { "CertificateFile": "c.pem", "PrivateKeyFile": "k.pem" } }""", null)]
    [InlineData("""{ "arn:aws:iam::123456789012:server-certificate/api": { "CertificateFile": "c.pem", "PrivateKeyFile": "k.pem" } }""", null)]
    [InlineData("""{ "arn:aws:s3:::bucket": { "CertificateFile": "c.pem", "PrivateKeyFile": "k.pem" } }""", "Certificates.arn:aws:s3:::bucket: The key must be an ACM or IAM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID or arn:aws:iam::ACCOUNT:server-certificate/NAME)")]
    [InlineData("""{ "arn:aws:acm:us-east-1:123456789012:certificate/x": { "CertificateFile": "c.pem" } }""", "Certificates.arn:aws:acm:us-east-1:123456789012:certificate/x: PrivateKeyFile: A local certificate needs CertificateFile and PrivateKeyFile")]
    public void Local_certificates_by_arn(string map, string? expected)
    {
        var errors = ConfigTestData.Validate($$"""{ "Certificates": {{map}} }""");

        Assert.Equal(expected is null ? [] : [expected], errors);
    }

    [Fact]
    public void Local_certificates_repeated_arn_reported_with_every_other_error()
    {
        // Only a config built in code can repeat an ARN (a document's reader refuses a repeated key).
        const string Arn = "arn:aws:acm:us-east-1:123456789012:certificate/x";
        var config = new AlbEmulator.Configuration.AlbConfig
        {
            LocalCertificates = AlbEmulator.Utilities.ValueList.Of(
                new AlbEmulator.Configuration.CertificateConfig { CertificateArn = Arn, CertificateFile = "c.pem", PrivateKeyFile = "k.pem" },
                new AlbEmulator.Configuration.CertificateConfig { CertificateArn = "arn:aws:s3:::bucket", CertificateFile = "c.pem", PrivateKeyFile = "k.pem" },
                new AlbEmulator.Configuration.CertificateConfig { CertificateArn = Arn, CertificateFile = "other.pem", PrivateKeyFile = "other-key.pem" }),
        };

        var errors = AlbEmulator.Configuration.AlbConfigValidator.Validate(config).Select(e => e.ToString()).ToList();

        Assert.Equal(
            [
                "Certificates.arn:aws:s3:::bucket: The key must be an ACM or IAM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID or arn:aws:iam::ACCOUNT:server-certificate/NAME)",
                $"Certificates.{Arn}: The certificate ARN is listed more than once; each ARN names one pair of local files",
            ],
            errors.Where(e => e.StartsWith("Certificates.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Local_certificates_are_read_by_arn()
    {
        var read = AlbEmulator.Configuration.AlbConfigReader.ReadJson(
            """{ "Certificates": { "arn:aws:acm:us-east-1:123456789012:certificate/x": { "CertificateFile": "c.pem", "PrivateKeyFile": "k.pem" } } }""", "/base");

        Assert.Empty(read.Errors);
        var local = read.Config!.LocalCertificate("arn:aws:acm:us-east-1:123456789012:certificate/x");
        Assert.Equal(("c.pem", "k.pem"), (local?.CertificateFile, local?.PrivateKeyFile));
        Assert.Null(read.Config.LocalCertificate("arn:aws:acm:us-east-1:123456789012:certificate/y"));
    }

    [Fact]
    public void Missing_port_protocol_and_default_actions()
    {
        var json = """{ "Listeners": [ { } ] }""";

        Assert.Equal(
            [
                "Listeners[0]: Port: Port is required",
                "Listeners[0]: Protocol: Protocol is required",
                "Listeners[0]: DefaultActions: At least one default action is required",
            ],
            ConfigTestData.Validate(json));
    }

    [Fact]
    public void Port_out_of_range()
    {
        var json = """{ "Listeners": [ { "Port": 0, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ] }""";

        Assert.Equal(["Listeners[0]: Port: Port '0' must be between 1 and 65535"], ConfigTestData.Validate(json));
    }

    [Fact]
    public void At_most_26_certificates()
    {
        var certs = string.Join(",", Enumerable.Repeat("""{ "CertificateArn": "arn:x" }""", 27));

        Assert.Equal(
            ["Listener 8080: Certificates: A listener can have at most 26 certificates (a default certificate and 25 more)"],
            ConfigTestData.Validate(ConfigTestData.Document(protocol: "HTTPS", listenerExtra: $"\"Certificates\": [ {certs} ],")));
    }

    [Theory]
    [InlineData("""{ "Key": "idle_timeout.timeout_seconds", "Value": "4001" }""", "LoadBalancerAttributes[0]: Load balancer attribute 'idle_timeout.timeout_seconds' value '4001' is not valid: must be an integer between 1 and 4000")]
    [InlineData("""{ "Key": "nope", "Value": "1" }""", "LoadBalancerAttributes[0]: Load balancer attribute key 'nope' is not recognized")]
    [InlineData("""{ "Key": "routing.http2.enabled", "Value": "true" }, { "Key": "routing.http2.enabled", "Value": "false" }""", "LoadBalancerAttributes[1]: Load balancer attribute key 'routing.http2.enabled' is specified more than once")]
    [InlineData("""{ "Key": "access_logs.s3.enabled", "Value": "true" }""", "LoadBalancerAttributes: 'access_logs.s3.bucket' is required when 'access_logs.s3.enabled' is 'true'")]
    [InlineData("""{ "Key": "connection_logs.s3.enabled", "Value": "true" }, { "Key": "connection_logs.s3.bucket", "Value": "" }""", "LoadBalancerAttributes: 'connection_logs.s3.bucket' is required when 'connection_logs.s3.enabled' is 'true'")]
    [InlineData("""{ "Key": "access_logs.s3.prefix", "Value": "x/AWSLogs" }""", "LoadBalancerAttributes: 'access_logs.s3.prefix' cannot contain 'AWSLogs'")]
    [InlineData("""{ "Key": "load_balancing.cross_zone.enabled", "Value": "false" }""", "LoadBalancerAttributes[0]: Load balancer attribute 'load_balancing.cross_zone.enabled' value 'false' is not valid: must be one of: true")]
    public void Load_balancer_attributes(string attributes, string expected)
    {
        Assert.Equal([$"LoadBalancer 'local-alb': {expected}"], ConfigTestData.Validate(ConfigTestData.Document(lbAttributes: attributes)));
    }

    [Theory]
    [InlineData("my-alb-1", new string[0])]
    [InlineData("internal-alb", new[] { "Load balancer name 'internal-alb' cannot begin with 'internal-'" })]
    [InlineData("alb_1", new[] { "Load balancer name 'alb_1' can only contain characters that are alphanumeric characters or hyphens(-)" })]
    [InlineData("alb-", new[] { "Load balancer name 'alb-' cannot begin or end with '-'" })]
    [InlineData("a23456789012345678901234567890123", new[] { "Load balancer name 'a23456789012345678901234567890123' cannot be longer than '32' characters" })]
    public void Load_balancer_names(string name, string[] expected)
    {
        var json = ConfigTestData.Document().Replace("\"LoadBalancer\": {", $"\"LoadBalancer\": {{ \"Name\": \"{name}\",", StringComparison.Ordinal);

        Assert.Equal(expected.Select(e => $"LoadBalancer '{name}': Name: {e}"), ConfigTestData.Validate(json));
    }
}
