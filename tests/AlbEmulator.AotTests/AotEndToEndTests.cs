using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AotTests;

/// <summary>
/// The Native AOT <c>alb-emulator</c> (the release binary and the container image) run as a user runs it: the embedded
/// default, a YAML config, a CloudFormation template and a <c>terraform show -json</c> plan with overrides, the web
/// console's JSON (byte for byte the JIT build's) and PDF export, the ELBv2 API through the aws CLI, and a Cognito
/// sign-in with the built-in identity provider. Everything here once answered 500 or failed to build under AOT.
/// </summary>
[Collection(AotCollection.Name)]
public sealed partial class AotEndToEndTests(AotBinary aot) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-aot-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Binary_IsNative_NoRuntimeBesideIt_SameVersionAndHelpAsTheJitBuild()
    {
        var files = Directory.GetFiles(aot.OutputDirectory).Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain(files, f => f!.EndsWith(".dll", StringComparison.Ordinal) || f == "libcoreclr.so" || f == "libclrjit.so");
        var head = new byte[4];
        await using (var stream = File.OpenRead(aot.Executable))
        {
            await stream.ReadExactlyAsync(head);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), head);

        foreach (var option in new[] { "--version", "--help" })
        {
            var native = await ExternalProcess.RunAsync(aot.Executable, [option], _directory, TimeSpan.FromSeconds(60));
            var jit = await ExternalProcess.RunAsync(AotBinary.Jit.Program, [.. AotBinary.Jit.Arguments, option], _directory, TimeSpan.FromSeconds(60));
            Assert.Equal((0, jit.Stdout, ""), (native.ExitCode, native.Stdout, native.Stderr));
        }
    }

    [Fact]
    public async Task EmbeddedDefault_ListenerEightyEighty_EchoTarget_StopsOnSigterm()
    {
        // The embedded default's listener is port 8080 (config-format.md §1): the machine-wide lock of every test that binds it.
        var ports = new FixedPortsLock();
        await ports.InitializeAsync();
        try
        {
            await EmbeddedDefaultAsync();
        }
        finally
        {
            await ports.DisposeAsync();
        }
    }

    private async Task EmbeddedDefaultAsync()
    {
        await using var running = await Emulator.StartAotAsync(aot, _directory);
        using var client = Emulator.Client("http", 8080);
        var echo = await client.GetStringAsync("/hello?x=1");

        Assert.Contains("GET /hello?x=1 HTTP/1.1\n", echo, StringComparison.Ordinal);
        Assert.Contains("\nX-Forwarded-Port: 8080\n", echo, StringComparison.Ordinal);
        Assert.Matches("\nX-Amzn-Trace-Id: Root=1-[0-9a-f]{8}-[0-9a-f]{24}\n", echo);
        Assert.Contains(running.Stdout.Concat(running.Stderr), l => l.Contains("the embedded default", StringComparison.Ordinal));
        Assert.Equal(0, await running.StopAsync());
    }

    [Fact]
    public async Task YamlConfig_ProxiesToTheTarget_FixedResponse_AccessLogLine()
    {
        await using var web = await TestBackend.StartAsync("web");
        var port = CommandRun.FreePort();
        File.WriteAllText(Path.Combine(_directory, "alb.yaml"), $$"""
            LoadBalancer: { Name: aot-yaml }
            Listeners:
              - Port: {{port}}
                Protocol: HTTP
                DefaultActions: [ { Type: forward, TargetGroupName: web } ]
                Rules:
                  - Priority: 5
                    Conditions: [ { Field: path-pattern, Values: [ /teapot ] } ]
                    Actions: [ { Type: fixed-response, FixedResponseConfig: { StatusCode: "418", ContentType: text/plain, MessageBody: short and stout } } ]
            TargetGroups:
              - { Name: web, Protocol: HTTP, Port: 80, Targets: [ { Id: 127.0.0.1, Port: {{web.Port}} } ] }
            """);
        await using var alb = await Emulator.StartAotAsync(aot, _directory, "--config", "alb.yaml", "--access-log", "-");
        using var client = Emulator.Client("http", port);

        var echoed = EchoedRequest.Parse(await client.GetStringAsync("/orders?id=7"));
        using var teapot = await client.GetAsync("/teapot");

        Assert.Equal(("web", "/orders?id=7"), (echoed.Backend, echoed.RawTarget));
        Assert.Equal("127.0.0.1", echoed.Header("X-Forwarded-For"));
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$", echoed.Header("X-Amzn-Trace-Id"));
        Assert.Equal((418, "short and stout", "awselb/2.0"), ((int)teapot.StatusCode, await teapot.Content.ReadAsStringAsync(), teapot.Headers.Server.ToString()));
        var lines = await Eventually.ValueAsync(() => alb.Stdout.Where(l => l.StartsWith("http ", StringComparison.Ordinal)).ToList(), l => l.Count >= 2, "two access-log lines");
        Assert.Contains(" 200 200 ", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"GET http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/orders?id=7 HTTP/1.1\"", lines[0], StringComparison.Ordinal);
        Assert.Contains(" 418 - ", lines[1], StringComparison.Ordinal);
        Assert.Equal(0, await alb.StopAsync());
    }

    [Fact]
    public async Task ConsoleApi_SameBytesAsTheJitBuild_PdfExport()
    {
        await using var web = await TestBackend.StartAsync("web");
        var port = CommandRun.FreePort();
        File.WriteAllText(Path.Combine(_directory, "alb.yaml"), $$"""
            LoadBalancer: { Name: aot-console }
            Listeners:
              - Port: {{port}}
                Protocol: HTTP
                DefaultActions: [ { Type: forward, TargetGroupName: web } ]
                Rules:
                  - Priority: 5
                    Conditions: [ { Field: path-pattern, Values: [ "/empty/*" ] } ]
                    Actions: [ { Type: forward, TargetGroupName: empty } ]
            TargetGroups:
              - { Name: web, Protocol: HTTP, Port: 80, HealthCheckPath: /health, Targets: [ { Id: 127.0.0.1, Port: {{web.Port}} } ] }
              - { Name: empty, Protocol: HTTP, Port: 80 }
              - { Name: idle, Protocol: HTTP, Port: 80, Targets: [ { Id: 127.0.0.2, Port: 9 } ] }
            """);

        var jit = await ConsoleAnswersAsync(() => Emulator.StartJitAsync(_directory, "--config", "alb.yaml"), port);
        var native = await ConsoleAnswersAsync(() => Emulator.StartAotAsync(aot, _directory, "--config", "alb.yaml"), port);

        Assert.Equal(jit.Keys, native.Keys);
        foreach (var (path, answer) in jit)
        {
            Assert.Equal((path, answer), (path, native[path]));
        }

        Assert.Contains("\"name\": \"aot-console\"", native["/api/load-balancers"], StringComparison.Ordinal);
        Assert.Contains("\"elbStatusCode\": 503", native["/api/requests"], StringComparison.Ordinal);
        Assert.Contains("Overview", native["/api/export.pdf"], StringComparison.Ordinal);
        Assert.Contains("aot-console", native["/api/export.pdf"], StringComparison.Ordinal);
    }

    /// <summary>
    /// Every console /api answer after the same two requests (one proxied, one 503 from the empty group), with the values
    /// that differ from run to run (times, trace ids, client ports) masked; the PDF export as its text (pdftotext).
    /// </summary>
    private async Task<SortedDictionary<string, string>> ConsoleAnswersAsync(Func<Task<Emulator>> start, int port)
    {
        await using var alb = await start();
        using var admin = alb.AdminClient();
        using var client = Emulator.Client("http", port);
        await Eventually.UntilAsync(async () => (await admin.GetStringAsync("/api/load-balancers")).Contains("\"state\": \"healthy\"", StringComparison.Ordinal), "the web target healthy");
        Assert.Equal("web", EchoedRequest.Parse(await client.GetStringAsync("/home")).Backend);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/empty/a?q=1")).StatusCode);
        await Eventually.UntilAsync(async () => (await admin.GetStringAsync("/api/requests")).Contains("\"lastSequence\": 2", StringComparison.Ordinal), "two recorded requests");

        var answers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in new[] { "/api", "/api/reason-codes", "/api/load-balancers", "/api/load-balancers?view=unhealthy", "/api/requests", "/api/requests?status=5xx", "/api/requests/1", "/api/requests/2", "/api/requests/99", "/api/nope" })
        {
            using var response = await admin.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            answers[path] = $"{(int)response.StatusCode} {response.Content.Headers.ContentType}\n{Volatile().Replace(body, "\"$1\": \"*\"")}";
        }

        using var pdf = await admin.GetAsync("/api/export.pdf?view=overview&details=true");
        Assert.Equal(("application/pdf", "%PDF-"), (pdf.Content.Headers.ContentType?.MediaType, System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..5])));
        var file = Path.Combine(_directory, "map.pdf");
        await File.WriteAllBytesAsync(file, await pdf.Content.ReadAsByteArrayAsync());
        var text = await ExternalProcess.RunAsync("pdftotext", ["-layout", file, "-"], _directory, TimeSpan.FromSeconds(60));
        Assert.True(text.ExitCode == 0, "pdftotext (poppler-utils) failed: " + text.Stderr);
        answers["/api/export.pdf"] = Regex.Replace(text.Stdout, @"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d( UTC|Z)?", "*");
        Assert.Equal(0, await alb.StopAsync());
        return answers;
    }

    [Fact]
    public async Task ElbV2Api_AwsCli_DescribesAndRegistersATarget_ThatThenServes()
    {
        await using var web = await TestBackend.StartAsync("registered");
        var port = CommandRun.FreePort();
        File.WriteAllText(Path.Combine(_directory, "alb.json"), $$"""
            {
              "LoadBalancer": { "Name": "aot-api" },
              "Listeners": [ { "Port": {{port}}, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "pool" } ] } ],
              "TargetGroups": [ { "Name": "pool", "Protocol": "HTTP", "Port": 80, "HealthCheckIntervalSeconds": 5, "HealthCheckTimeoutSeconds": 2, "HealthyThresholdCount": 2 } ]
            }
            """);
        await using var alb = await Emulator.StartAotAsync(aot, _directory, "--config", "alb.json");
        using var client = Emulator.Client("http", port);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/")).StatusCode);

        var loadBalancers = await AwsAsync(alb, "describe-load-balancers");
        Assert.Equal("aot-api", loadBalancers["LoadBalancers"]![0]!["LoadBalancerName"]!.GetValue<string>());
        var groups = await AwsAsync(alb, "describe-target-groups", "--names", "pool");
        var groupArn = groups["TargetGroups"]![0]!["TargetGroupArn"]!.GetValue<string>();
        await AwsAsync(alb, "register-targets", "--target-group-arn", groupArn, "--targets", $"Id=127.0.0.1,Port={web.Port}");

        var health = await AwsAsync(alb, "describe-target-health", "--target-group-arn", groupArn);
        Assert.Equal(web.Port, health["TargetHealthDescriptions"]![0]!["Target"]!["Port"]!.GetValue<int>());
        await Eventually.UntilAsync(async () => (await client.GetAsync("/")).StatusCode == HttpStatusCode.OK, "the registered target serving");
        Assert.Equal("registered", EchoedRequest.Parse(await client.GetStringAsync("/after")).Backend);
    }

    /// <summary>Debian's aws CLI against the admin endpoint (the ELBv2 Query API over the wire); its JSON output.</summary>
    private async Task<JsonNode> AwsAsync(Emulator alb, params string[] args)
    {
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            "/usr/bin/aws", ["elbv2", .. args, "--endpoint-url", alb.Admin.ToString().TrimEnd('/'), "--output", "json"], _directory, TimeSpan.FromSeconds(120),
            new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test", ["AWS_DEFAULT_REGION"] = "us-east-1",
                ["AWS_EC2_METADATA_DISABLED"] = "true", ["AWS_CONFIG_FILE"] = "/dev/null", ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            });
        Assert.True(exitCode == 0, $"aws elbv2 {string.Join(' ', args)} failed ({exitCode}): {stderr}");
        return JsonNode.Parse(stdout.Length == 0 ? "{}" : stdout)!;
    }

    [Fact]
    public async Task CloudFormationTemplate_YamlShortForms_WithOverrides_Serves()
    {
        await using var web = await TestBackend.StartAsync("cfn-web");
        var port = CommandRun.FreePort();
        File.WriteAllText(Path.Combine(_directory, "shop.yaml"), """
            AWSTemplateFormatVersion: '2010-09-09'
            Parameters:
              Env: { Type: String, Default: dev }
            Resources:
              Alb:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  Name: !Sub '${Env}-alb'
              Web:
                Type: AWS::ElasticLoadBalancingV2::TargetGroup
                Properties:
                  Name: !Sub '${Env}-web'
                  Protocol: HTTP
                  Port: 80
                  TargetType: ip
                  Targets: [ { Id: 10.0.0.1 } ]
              Http:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: !Ref Alb
                  Port: 80
                  Protocol: HTTP
                  DefaultActions: [ { Type: forward, TargetGroupArn: !Ref Web } ]
              Teapot:
                Type: AWS::ElasticLoadBalancingV2::ListenerRule
                Properties:
                  ListenerArn: !GetAtt Http.ListenerArn
                  Priority: 10
                  Conditions: [ { Field: path-pattern, PathPatternConfig: { Values: [ /tea* ] } } ]
                  Actions: [ { Type: fixed-response, FixedResponseConfig: { StatusCode: '418', MessageBody: !Join [ ' ', [ short, and, stout ] ] } } ]
            """);
        File.WriteAllText(Path.Combine(_directory, "local.json"), $$"""
            { "LoadBalancers": { "Alb": { "Listeners": { "80": { "Port": {{port}} } } } },
              "TargetGroups": { "Web": { "Targets": [ { "Id": "127.0.0.1", "Port": {{web.Port}} } ] } } }
            """);
        string[] args = ["--config", "shop.yaml", "--overrides", "local.json", "--parameter", "Env=test"];
        var validateJit = await ExternalProcess.RunAsync(AotBinary.Jit.Program, [.. AotBinary.Jit.Arguments, .. args, "--validate"], _directory, TimeSpan.FromSeconds(60));
        var validateAot = await ExternalProcess.RunAsync(aot.Executable, [.. args, "--validate"], _directory, TimeSpan.FromSeconds(60));
        Assert.Equal((0, validateJit.Stdout, validateJit.Stderr), (validateAot.ExitCode, validateAot.Stdout, validateAot.Stderr));
        Assert.Contains("as load balancer 'test-alb'", validateAot.Stdout, StringComparison.Ordinal);

        await using var alb = await Emulator.StartAotAsync(aot, _directory, args);
        using var client = Emulator.Client("http", port);
        Assert.Equal("cfn-web", EchoedRequest.Parse(await client.GetStringAsync("/")).Backend);
        using var teapot = await client.GetAsync("/teapot");
        Assert.Equal((418, "short and stout"), ((int)teapot.StatusCode, await teapot.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TerraformShowJson_SamplePlan_ValidatesAsTheJitBuild_Serves()
    {
        var samples = Path.Combine(RepositoryPaths.Root, "samples", "terraform");
        foreach (var file in Directory.GetFiles(samples, "*.json"))
        {
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        }

        TestCertificates.WritePem(Path.Combine(_directory, "certs"), "clients-ca");
        string[] validate = ["--config", "plan.json", "--overrides", "overrides.json", "--validate"];
        var jit = await ExternalProcess.RunAsync(AotBinary.Jit.Program, [.. AotBinary.Jit.Arguments, .. validate], _directory, TimeSpan.FromSeconds(60));
        var native = await ExternalProcess.RunAsync(aot.Executable, validate, _directory, TimeSpan.FromSeconds(60));
        Assert.Equal((0, jit.Stdout, jit.Stderr), (native.ExitCode, native.Stdout, native.Stderr));
        Assert.StartsWith("Will run (19):", native.Stdout, StringComparison.Ordinal);

        await using var web = await TestBackend.StartAsync("web");
        await using var blue = await TestBackend.StartAsync("api-blue");
        await using var green = await TestBackend.StartAsync("api-green");
        int httpPort = CommandRun.FreePort(), httpsPort = CommandRun.FreePort(), internalPort = CommandRun.FreePort();
        File.WriteAllText(Path.Combine(_directory, "local.json"), $$"""
            {
              "LoadBalancers": {
                "public": { "Listeners": { "80": { "Port": {{httpPort}} }, "443": { "Port": {{httpsPort}} } } },
                "module.internal.aws_lb.this": { "Listeners": { "8443": { "Port": {{internalPort}} } } }
              },
              "TargetGroups": {
                "aws_lb_target_group.web": { "Targets": [ { "Id": "127.0.0.1", "Port": {{web.Port}} } ] },
                "api-blue": { "Targets": [ { "Id": "127.0.0.1", "Port": {{blue.Port}} } ] },
                "api-green": { "Targets": [ { "Id": "127.0.0.1", "Port": {{green.Port}} } ] }
              },
              "TrustStores": { "module.internal.aws_lb_trust_store.clients": { "CaCertificatesBundleFile": "certs/clients-ca.pem" } }
            }
            """);
        await using var alb = await Emulator.StartAotAsync(aot, _directory, "--config", "plan.json", "--overrides", "local.json", "--cert-dir", Path.Combine(_directory, "generated"));
        using var http = Emulator.Client("http", httpPort);
        using var https = Emulator.Client("https", httpsPort);

        using var redirect = await http.GetAsync("/cart?item=1");
        Assert.Equal((HttpStatusCode.MovedPermanently, new Uri("https://127.0.0.1:443/cart?item=1")), (redirect.StatusCode, redirect.Headers.Location));
        Assert.Equal("web", EchoedRequest.Parse(await https.GetStringAsync("/")).Backend);
        Assert.StartsWith("api-", EchoedRequest.Parse(await https.GetStringAsync("/api/orders")).Backend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CognitoSignIn_BuiltInIdentityProvider_SessionCookieRoundTrip()
    {
        await using var app = await TestBackend.StartAsync("app");
        var port = CommandRun.FreePort();
        File.WriteAllText(Path.Combine(_directory, "alb.yaml"), $$"""
            IdentityProvider:
              Users: [ { Username: alice, Password: alice-pw, Claims: { email: alice@example.com } } ]
            Listeners:
              - Port: {{port}}
                Protocol: HTTPS
                DefaultActions: [ { Type: fixed-response, FixedResponseConfig: { StatusCode: "404" } } ]
                Rules:
                  - Priority: 10
                    Conditions: [ { Field: path-pattern, PathPatternConfig: { Values: [ "/app/*" ] } } ]
                    Actions:
                      - { Type: authenticate-cognito, Order: 1, AuthenticateCognitoConfig: { UserPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_local", UserPoolClientId: local-client, UserPoolDomain: local } }
                      - { Type: forward, Order: 2, TargetGroupName: app }
            TargetGroups:
              - { Name: app, Protocol: HTTP, Port: 80, Targets: [ { Id: 127.0.0.1, Port: {{app.Port}} } ] }
            """);
        await using var alb = await Emulator.StartAotAsync(aot, _directory, "--config", "alb.yaml", "--cert-dir", Path.Combine(_directory, "certs"));
        var cookies = new CookieContainer();
        using var browser = Emulator.Client("https", port, cookies);

        // The sign-in flow: 302 to the provider (the sealed login state), the form posted, the callback with the code.
        using var start = await browser.GetAsync("/app/profile?tab=1");
        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(alb.Admin + "idp/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        var form = authorize.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        form["username"] = "alice";
        form["password"] = "alice-pw";
        using var login = await browser.PostAsync(new Uri(alb.Admin, "idp/login"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        using var callback = await browser.GetAsync(login.Headers.Location);
        Assert.Equal((HttpStatusCode.Found, $"https://127.0.0.1:{port}/app/profile?tab=1"), (callback.StatusCode, callback.Headers.Location?.OriginalString));

        // The session cookie (the sealed session ticket) lets the next requests through with the user's claims.
        var echoed = EchoedRequest.Parse(await browser.GetStringAsync("/app/profile?tab=1"));
        Assert.Equal("app", echoed.Backend);
        Assert.Single(echoed.All("x-amzn-oidc-identity"));
        var data = echoed.All("x-amzn-oidc-data").Single().Split('.');
        var claims = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(data[1]))))!;
        Assert.Equal("alice@example.com", claims["email"]!.GetValue<string>());
        Assert.Equal("app", EchoedRequest.Parse(await browser.GetStringAsync("/app/again")).Backend);
        using var stranger = Emulator.Client("https", port);
        Assert.Equal(HttpStatusCode.Found, (await stranger.GetAsync("/app/profile")).StatusCode);
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    /// <summary>Console JSON values that differ from one run to the next.</summary>
    [GeneratedRegex("\"(generatedAt|time|traceId|elapsedMs|client)\": (\"[^\"]*\"|[0-9.]+)")]
    private static partial Regex Volatile();
}
