using System.Net;
using System.Text.Json.Nodes;
using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.CdkTests;

/// <summary>
/// The CDK app of samples/cdk synthesized by the real <c>cdk synth</c> (aws-cdk-lib 2.276 and the aws-cdk CLI 2.1149.0
/// from its lock file, installed by .ci/run with <c>npm ci</c>), then run by the emulator with an overrides file: traffic
/// goes through every rule of the synthesized template (config-format.md §6, docs/infrastructure-as-code.md).
/// A missing node or an uninstalled samples/cdk fails the test.
/// </summary>
public sealed class CdkSynthTests : IClassFixture<CdkSynthTests.Synthesized>
{
    private readonly Synthesized _synthesized;

    public CdkSynthTests(Synthesized synthesized) => _synthesized = synthesized;

    /// <summary>Runs <c>cdk synth</c> once for the class, into a temporary directory.</summary>
    public sealed class Synthesized : IAsyncLifetime
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("alb-cdk-").FullName;

        public string Template => Path.Combine(Directory, "cdk.out", "ShopStack.template.json");

        public async Task InitializeAsync()
        {
            var app = Path.Combine(RepositoryPaths.Root, "samples", "cdk");
            var cli = Path.Combine(app, "node_modules", "aws-cdk", "bin", "cdk");
            Assert.True(File.Exists(cli), $"{cli} is missing: run `npm ci` in samples/cdk (.ci/run does)");
            var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
                "node",
                [cli, "synth", "--quiet", "--no-notices", "--no-version-reporting", "--output", Path.Combine(Directory, "cdk.out")],
                app,
                TimeSpan.FromMinutes(5),
                [new("CDK_DISABLE_VERSION_CHECK", "1"), new("CDK_DISABLE_CLI_TELEMETRY", "true")]);
            Assert.True(exitCode == 0, $"cdk synth failed ({exitCode}): {stdout}{stderr}");
            Assert.True(File.Exists(Template), "cdk synth wrote no ShopStack.template.json: " + stdout + stderr);
        }

        public Task DisposeAsync()
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void Synthesized_template_has_the_load_balancer_rules_and_a_lambda_target()
    {
        var resources = JsonNode.Parse(File.ReadAllText(_synthesized.Template))!["Resources"]!.AsObject();
        var types = resources.Select(r => (string)r.Value!["Type"]!).ToList();

        Assert.Equal(1, types.Count(t => t == "AWS::ElasticLoadBalancingV2::LoadBalancer"));
        Assert.Equal(2, types.Count(t => t == "AWS::ElasticLoadBalancingV2::Listener"));
        Assert.Equal(3, types.Count(t => t == "AWS::ElasticLoadBalancingV2::ListenerRule"));
        Assert.Equal(4, types.Count(t => t == "AWS::ElasticLoadBalancingV2::TargetGroup"));
        Assert.Contains("AWS::Lambda::Function", types);
    }

    [Fact]
    public async Task Validate_reports_the_synthesized_template_with_the_sample_overrides_as_valid()
    {
        var overrides = Path.Combine(RepositoryPaths.Root, "samples", "cdk", "overrides.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await AlbEmulatorCommand.RunAsync(["--config", _synthesized.Template, "--overrides", overrides, "--validate"], output, error, CancellationToken.None);

        Assert.True(exitCode == 0, output.ToString() + error);
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("  ElasticLoadBalancingV2::LoadBalancer 'Alb16C2F182' as load balancer 'shop' (internet-facing, ipv4)", lines);
        Assert.Contains("  ElasticLoadBalancingV2::Listener 'AlbHttpsB7CA700A' as listener 8443 (template port 443, moved by the overrides)", lines);
        Assert.Contains("  Lambda::Function 'Hello4A628BD4' as Lambda function 'Hello4A628BD4' served at http://127.0.0.1:9000 (overrides)", lines);
        Assert.Contains("Unmapped (a target group without targets answers 503; a listener without PEM files serves a generated certificate) (0):", lines);
    }

    [Fact]
    public async Task Synthesized_template_serves_traffic_through_every_rule()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var blue = await TestBackend.StartAsync("api-blue");
        await using var green = await TestBackend.StartAsync("api-green");
        await using var hello = await LambdaTestFunction.StartAsync();
        hello.Behavior = _ => LambdaTestReply.Json("""{ "statusCode": 200, "headers": { "content-type": "text/plain" }, "body": "hello from lambda" }""");
        int httpPort = CommandRun.FreePort(), httpsPort = CommandRun.FreePort();
        var certificates = Path.Combine(_synthesized.Directory, "certs");
        var (certificateFile, keyFile, certificate) = TestCertificates.WritePem(certificates, "shop.example.com");
        var overrides = Path.Combine(_synthesized.Directory, "overrides.json");
        // Keys as a user writes them: the load balancer's name, CDK construct paths, a logical id, the certificate ARN.
        await File.WriteAllTextAsync(overrides, $$"""
            {
              "LoadBalancers": { "shop": { "Listeners": { "80": { "Port": {{httpPort}} }, "443": { "Port": {{httpsPort}} } } } },
              "TargetGroups": {
                "ShopStack/Web": { "Targets": [ { "Id": "127.0.0.1", "Port": {{web.Port}} } ] },
                "ShopStack/ApiBlue": { "Targets": [ { "Id": "127.0.0.1", "Port": {{blue.Port}} } ] },
                "ApiGreen180111BB": { "Targets": [ { "Id": "127.0.0.1", "Port": {{green.Port}} } ] }
              },
              "Functions": { "ShopStack/Hello": { "LambdaEndpoint": "{{hello.Endpoint}}" } },
              "Certificates": {
                "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555": { "CertificateFile": "{{certificateFile}}", "PrivateKeyFile": "{{keyFile}}" }
              }
            }
            """);

        await using var run = await CommandRun.StartAsync("--config", _synthesized.Template, "--overrides", overrides);
        using var http = run.Client(httpPort);
        using var https = run.Client(httpsPort);

        // Listener 80: every request is redirected to HTTPS on 443.
        using var redirect = await http.GetAsync("/api/orders?page=2");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal(new Uri("https://127.0.0.1:443/api/orders?page=2"), redirect.Headers.Location);

        // Listener 443 serves the certificate of the overrides.
        using (var tls = new System.Net.Sockets.TcpClient())
        {
            await tls.ConnectAsync(IPAddress.Loopback, run.Server.ListenerUri(httpsPort).Port);
            await using var stream = new System.Net.Security.SslStream(tls.GetStream(), false, (_, _, _, _) => true);
            await stream.AuthenticateAsClientAsync("shop.example.com");
            Assert.Equal(certificate.Thumbprint, new System.Security.Cryptography.X509Certificates.X509Certificate2(stream.RemoteCertificate!).Thumbprint);
        }

        // Default action: the IP target group "Web".
        Assert.Equal("web", EchoedRequest.Parse(await https.GetStringAsync("/")).Backend);

        // Rule 10 (path /api/*): weighted forward 80/20 to the blue and green groups.
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < 100 && seen.Count < 2; i++)
        {
            var backend = EchoedRequest.Parse(await https.GetStringAsync("/api/orders")).Backend;
            seen[backend] = seen.GetValueOrDefault(backend) + 1;
        }

        Assert.Equal(["api-blue", "api-green"], seen.Keys.Order());

        // Rule 20 (host admin.example.com): fixed response 403.
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/");
        admin.Headers.Host = "admin.example.com";
        using var adminResponse = await https.SendAsync(admin);
        Assert.Equal(HttpStatusCode.Forbidden, adminResponse.StatusCode);
        Assert.Equal("admin is internal", await adminResponse.Content.ReadAsStringAsync());

        // Rule 30 (path /hello): the Lambda target.
        using var lambda = await https.GetAsync("/hello");
        Assert.Equal(HttpStatusCode.OK, lambda.StatusCode);
        Assert.Equal("hello from lambda", await lambda.Content.ReadAsStringAsync());
        var invocation = await hello.WaitForInvocationAsync();
        Assert.Equal("Hello4A628BD4", invocation.FunctionName);
        Assert.Equal("/hello", invocation.Event.GetProperty("path").GetString());
    }
}
