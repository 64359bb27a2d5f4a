using System.Text.Json.Nodes;
using AlbEmulator.Configuration;
using AlbEmulator.Testing.Configuration;

namespace AlbEmulator.Testing.Tests;

public sealed class AlbConfigBuilderTests
{
    [Fact]
    public void The_builder_writes_the_CloudFormation_vocabulary_and_the_result_validates()
    {
        var json = new AlbConfigBuilder()
            .Name("test-alb")
            .Attribute("idle_timeout.timeout_seconds", "30")
            .Listener(8080, "HTTP", l => l
                .DefaultForward("web")
                .Rule(10, r => r.PathPattern("/api/*").HttpRequestMethod("GET", "POST").Forward("api"))
                .Rule(20, r => r.HostHeader("old.example.com").Redirect(host: "new.example.com", path: "/#{path}", statusCode: 301))
                .Rule(30, r => r.HttpHeader("X-Env", "blue").QueryString("v", "2").SourceIp("10.0.0.0/8").FixedResponse(503, "text/plain", "down"))
                .Rule(40, r => r.PathPattern("/w/*").Forward(f => f.TargetGroup("web", 80).TargetGroup("api", 20).Stickiness(300))))
            .TargetGroup("web", tg => tg.Port(5001).HealthCheckPath("/health").Attribute("deregistration_delay.timeout_seconds", "0").Target("127.0.0.1"))
            .TargetGroup("api", tg => tg.Target(new Uri("http://10.0.0.2:5002")))
            .ToJson();

        var root = JsonNode.Parse(json)!;
        Assert.Equal("test-alb", (string?)root["LoadBalancer"]!["Name"]);
        var rules = root["Listeners"]![0]!["Rules"]!.AsArray();
        Assert.Equal("path-pattern", (string?)rules[0]!["Conditions"]![0]!["Field"]);
        Assert.Equal("/api/*", (string?)rules[0]!["Conditions"]![0]!["PathPatternConfig"]!["Values"]![0]);
        Assert.Equal("HTTP_301", (string?)rules[1]!["Actions"]![0]!["RedirectConfig"]!["StatusCode"]);
        Assert.Equal("503", (string?)rules[2]!["Actions"]![0]!["FixedResponseConfig"]!["StatusCode"]);
        Assert.Equal(300, (int?)rules[3]!["Actions"]![0]!["ForwardConfig"]!["TargetGroupStickinessConfig"]!["DurationSeconds"]);
        Assert.Equal("10.0.0.2", (string?)root["TargetGroups"]![1]!["Targets"]![0]!["Id"]);
        Assert.Equal(5002, (int?)root["TargetGroups"]![1]!["Targets"]![0]!["Port"]);

        var read = AlbConfigReader.ReadJson(json, Directory.GetCurrentDirectory());
        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
    }

    [Fact]
    public void Several_load_balancers_use_the_LoadBalancers_shape_and_validate()
    {
        var json = new AlbConfigBuilder()
            .Name("public")
            .Attribute("idle_timeout.timeout_seconds", "30")
            .Listener(8080, "HTTP", l => l.DefaultForward("web"))
            .LoadBalancer("internal", lb => lb
                .Scheme("internal")
                .IpAddressType("dualstack")
                .Attribute("routing.http.desync_mitigation_mode", "strictest")
                .Listener(9080, "HTTP", l => l.DefaultForward("api")))
            .TargetGroup("web")
            .TargetGroup("api")
            .ToJson();

        var root = JsonNode.Parse(json)!;
        Assert.Null(root["LoadBalancer"]);
        Assert.Null(root["Listeners"]);
        var all = root["LoadBalancers"]!.AsArray();
        Assert.Equal(["public", "internal"], all.Select(lb => (string?)lb!["Name"]));
        Assert.Equal(8080, (int?)all[0]!["Listeners"]![0]!["Port"]);
        Assert.Equal("internal", (string?)all[1]!["Scheme"]);
        Assert.Equal(9080, (int?)all[1]!["Listeners"]![0]!["Port"]);

        var read = AlbConfigReader.ReadJson(json, Directory.GetCurrentDirectory());
        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
        Assert.Equal("dualstack", read.Config!.LoadBalancers[1].IpAddressType);
    }

    [Fact]
    public void A_redirect_status_other_than_301_or_302_is_refused()
    {
        var builder = new AlbConfigBuilder();
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Listener(80, "HTTP", l => l.DefaultRedirect(path: "/x", statusCode: 307)));
    }

    [Fact]
    public void Regex_conditions_transforms_listener_attributes_and_mutual_TLS_are_written_and_validate()
    {
        var directory = Directory.CreateTempSubdirectory("builder-mtls-").FullName;
        try
        {
            using var key = System.Security.Cryptography.ECDsa.Create();
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem() + "\n");
            var json = new AlbConfigBuilder()
                .Listener(8443, "HTTPS", l => l
                    .DefaultForward("web")
                    .MutualAuthentication("verify", "clients", ignoreClientCertificateExpiry: true, advertiseTrustStoreCaNames: true)
                    .Attribute("routing.http.response.x_frame_options.header_value", "DENY")
                    .Rule(10, r => r.PathPatternRegex("^/dp/").HostHeaderRegex("example\\.com:8443$").UrlRewrite("^/dp/(.*)$", "/p?id=$1").HostHeaderRewrite("^(.*)$", "internal.example").Forward("web"))
                    .Rule(20, r => r.HttpHeaderRegex("User-Agent", "Chrome/[0-9]+").Forward("web")))
                .TrustStore("clients", "ca.pem")
                .TargetGroup("web", tg => tg.Target("127.0.0.1"))
                .ToJson();

            var root = JsonNode.Parse(json)!;
            var listener = root["Listeners"]![0]!;
            Assert.Equal("verify", (string?)listener["MutualAuthentication"]!["Mode"]);
            Assert.Equal("on", (string?)listener["MutualAuthentication"]!["AdvertiseTrustStoreCaNames"]);
            Assert.Equal("DENY", (string?)listener["ListenerAttributes"]![0]!["Value"]);
            Assert.Equal("url-rewrite", (string?)listener["Rules"]![0]!["Transforms"]![0]!["Type"]);
            Assert.Equal("/p?id=$1", (string?)listener["Rules"]![0]!["Transforms"]![0]!["UrlRewriteConfig"]!["Rewrites"]![0]!["Replace"]);
            Assert.Equal("ca.pem", (string?)root["TrustStores"]![0]!["CaCertificatesBundleFile"]);

            var read = AlbConfigReader.ReadJson(json, directory);
            Assert.Empty(read.Errors);
            Assert.Empty(AlbConfigValidator.Validate(read.Config!));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
