using System.Net;
using System.Text;
using System.Xml.Linq;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The admin endpoint is safe by default (docs/control-plane.md): pages of other sites, DNS-rebinding
/// host names and unsigned mutating calls are refused with an AWS-style error that says why; control
/// characters never reach the state; malformed requests get a 4xx answer, never a 500.
/// </summary>
[Collection(ControlPlaneApiTestsCollection.Name)]
public sealed class AdminEndpointSafetyTests
{
    private const string Signature = "AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private const string Config = """
        {
          "LoadBalancer": { "Name": "safe-alb" },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "MessageBody": "original" } } ],
            "Rules": [ { "Priority": 5, "Conditions": [ { "Field": "path-pattern", "Values": [ "/a" ] } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ] } ],
          "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80 } ]
        }
        """;

    private static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    [Fact]
    public async Task CrossSiteFormPost_Refused_NothingChanges()
    {
        await using var env = await StartAsync();
        var listenerArn = env.Server.Runtime.Current.Listeners[0].Arn;
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        var form = $"Action=ModifyListener&ListenerArn={Uri.EscapeDataString(listenerArn)}&DefaultActions.member.1.Type=fixed-response&DefaultActions.member.1.FixedResponseConfig.StatusCode=503";

        // The unsigned form POST a page can send (no custom headers): refused on the missing Authorization, even without Origin.
        var unsigned = await PostAsync(admin, form);
        Assert.Equal((HttpStatusCode.Forbidden, "MissingAuthenticationToken"), (unsigned.Status, unsigned.Code));
        Assert.Contains("SigV4 Authorization header", unsigned.Message, StringComparison.Ordinal);

        // With the header shape but from another site's page.
        var crossOrigin = await PostAsync(admin, form, ("Origin", "http://evil.example"), ("Authorization", Signature));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (crossOrigin.Status, crossOrigin.Code));
        Assert.Contains("Origin 'http://evil.example'", crossOrigin.Message, StringComparison.Ordinal);
        var nullOrigin = await PostAsync(admin, form, ("Origin", "null"), ("Authorization", Signature));
        Assert.Equal("AccessDenied", nullOrigin.Code);
        var fetchSite = await PostAsync(admin, "Action=DescribeTargetGroups", ("Sec-Fetch-Site", "cross-site"));
        Assert.Equal("AccessDenied", fetchSite.Code);
        Assert.Contains("Sec-Fetch-Site: cross-site", fetchSite.Message, StringComparison.Ordinal);

        // A malformed signature header is not a signature.
        var incomplete = await PostAsync(admin, form, ("Authorization", "AWS4-HMAC-SHA256 Credential=x"));
        Assert.Equal((HttpStatusCode.BadRequest, "IncompleteSignature"), (incomplete.Status, incomplete.Code));

        using var client = env.CreateClient(8080);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // A page on localhost (a developer's own tool) and the SDK shape are accepted; Describe needs no signature.
        var local = await PostAsync(admin, form, ("Origin", "http://localhost:3000"), ("Authorization", Signature));
        Assert.Equal(HttpStatusCode.OK, local.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, "Action=DescribeTargetGroups", ("Sec-Fetch-Site", "same-origin"))).Status);
    }

    [Theory]
    [InlineData("attacker.example:8081")]
    [InlineData("rebind.127.0.0.1.nip.io")]
    [InlineData("localhost.evil.example")]
    public async Task DnsRebindingHost_Refused_ForReadsAndWrites(string host)
    {
        await using var env = await StartAsync();
        foreach (var (method, path, body) in new[] { ("POST", "/", "Action=DescribeLoadBalancers"), ("GET", "/targets", ""), ("GET", "/metrics", "") })
        {
            var response = await RawAsync(env, $"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
            Assert.Equal(403, response.StatusCode);
            var error = XElement.Parse(response.BodyText).Element(Ns + "Error")!;
            Assert.Equal("AccessDenied", error.Element(Ns + "Code")!.Value);
            Assert.Contains("DNS rebinding", error.Element(Ns + "Message")!.Value, StringComparison.Ordinal);
        }

        foreach (var allowed in new[] { "localhost:8081", "127.0.0.1", "[::1]:8081", "api.localhost" })
        {
            var response = await RawAsync(env, $"GET /healthz HTTP/1.1\r\nHost: {allowed}\r\nConnection: close\r\n\r\n");
            Assert.Equal(200, response.StatusCode);
        }
    }

    [Fact]
    public async Task ControlCharacters_Refused_NothingStored_DescribesStillAnswer()
    {
        await using var env = await StartAsync();
        var model = env.Server.Runtime.Current;
        var groupArn = Uri.EscapeDataString(model.TargetGroups["web"].Arn);
        var listenerArn = Uri.EscapeDataString(model.Listeners[0].Arn);
        var ruleArn = Uri.EscapeDataString(model.Listeners[0].Rules[0].Arn);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        string[] poisoned =
        [
            $"Action=ModifyTargetGroup&TargetGroupArn={groupArn}&HealthCheckPath=%2Fhealth%00",
            $"Action=ModifyRule&RuleArn={ruleArn}&Actions.member.1.Type=fixed-response&Actions.member.1.FixedResponseConfig.StatusCode=200&Actions.member.1.FixedResponseConfig.MessageBody=a%01b",
            $"Action=ModifyRule&RuleArn={ruleArn}&Conditions.member.1.Field=http-header&Conditions.member.1.HttpHeaderConfig.HttpHeaderName=X-A&Conditions.member.1.HttpHeaderConfig.Values.member.1=v%1F",
            $"Action=ModifyTargetGroupAttributes&TargetGroupArn={groupArn}&Attributes.member.1.Key=stickiness.enabled&Attributes.member.1.Value=true%0B",
            $"Action=AddTags&ResourceArns.member.1={groupArn}&Tags.member.1.Key=k&Tags.member.1.Value=%08",
            $"Action=AddTags&ResourceArns.member.1={listenerArn}&Tags.member.1.Key=k%0A&Tags.member.1.Value=v",
            $"Action=CreateTargetGroup&Name=tg%00&Protocol=HTTP&Port=80",
        ];
        foreach (var form in poisoned)
        {
            var answer = await PostAsync(admin, form, ("Authorization", Signature));
            Assert.True(answer is { Status: HttpStatusCode.BadRequest, Code: "ValidationError" }, $"{form}: {answer}");
            Assert.Contains("control characters", answer.Message, StringComparison.Ordinal);
        }

        // Nothing was stored: every Describe answers, with the original values.
        Assert.Same(model, env.Server.Runtime.Current);
        foreach (var form in new[] { "Action=DescribeTargetGroups", $"Action=DescribeRules&ListenerArn={listenerArn}", $"Action=DescribeTags&ResourceArns.member.1={groupArn}&ResourceArns.member.2={listenerArn}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, form)).Status);
        }

        // A fixed-response body may span lines (tab, CR, LF), as in the console.
        var multiLine = await PostAsync(admin, $"Action=ModifyRule&RuleArn={ruleArn}&Actions.member.1.Type=fixed-response&Actions.member.1.FixedResponseConfig.StatusCode=200&Actions.member.1.FixedResponseConfig.MessageBody=line1%0Aline2%09end", ("Authorization", Signature));
        Assert.Equal(HttpStatusCode.OK, multiLine.Status);
    }

    [Fact]
    public async Task MalformedChunkedBodies_ClearBadRequest()
    {
        await using var env = await StartAsync();
        string[] bodies =
        [
            "zz\r\nAction=DescribeLoadBalancers\r\n0\r\n\r\n",
            "5\r\nAction=DescribeLoadBalancers\r\n0\r\n\r\n",
            "3\r\nabcXX0\r\n\r\n",
            "-1\r\nx\r\n0\r\n\r\n",
            "ffffffffffffffffff\r\nx\r\n0\r\n\r\n",
        ];
        foreach (var body in bodies)
        {
            var response = await RawAsync(env, $"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n{body}");
            Assert.True(response.StatusCode == 400, $"{body.ReplaceLineEndings("\\n")}: {response.Raw}");
        }
    }

    [Fact]
    public async Task Fuzz_TwoHundredFiftyMalformedRequests_NoServerError()
    {
        await using var env = await StartAsync();
        var model = env.Server.Runtime.Current;
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        var random = new Random(14);
        string[] actions =
        [
            "CreateListener", "ModifyListener", "DeleteListener", "CreateRule", "ModifyRule", "DeleteRule", "SetRulePriorities",
            "CreateTargetGroup", "ModifyTargetGroup", "DeleteTargetGroup", "ModifyTargetGroupAttributes", "ModifyLoadBalancerAttributes",
            "RegisterTargets", "DeregisterTargets", "DescribeTargetHealth", "AddTags", "RemoveTags", "DescribeTags", "DescribeRules",
            "DescribeListeners", "DescribeTargetGroups", "DescribeLoadBalancers", "DescribeLoadBalancerAttributes", "DescribeTargetGroupAttributes",
        ];
        string[] names =
        [
            "LoadBalancerArn", "ListenerArn", "RuleArn", "TargetGroupArn", "Port", "Protocol", "Priority", "Name", "Marker", "PageSize",
            "HealthCheckPath", "HealthCheckIntervalSeconds", "Matcher.HttpCode", "Targets.member.1.Id", "Targets.member.1.Port",
            "Attributes.member.1.Key", "Attributes.member.1.Value", "Tags.member.1.Key", "Tags.member.1.Value", "ResourceArns.member.1",
            "DefaultActions.member.1.Type", "DefaultActions.member.1.TargetGroupArn", "DefaultActions.member.1.FixedResponseConfig.StatusCode",
            "DefaultActions.member.1.RedirectConfig.StatusCode", "DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight",
            "Actions.member.1.Type", "Actions.member.1.RedirectConfig.Host", "Conditions.member.1.Field", "Conditions.member.1.Values.member.1",
            "Conditions.member.1.SourceIpConfig.Values.member.1", "RulePriorities.member.1.RuleArn", "RulePriorities.member.1.Priority",
            "TagKeys.member.1", "Names.member.1", "TargetGroupArns.member.1", "ListenerArns.member.99999999999", "Certificates.member.1.CertificateArn",
        ];
        string[] values =
        [
            "", "-1", "0", "99999999999999999999", "abc", "true", "HTTP", "HTTPS", "forward", "redirect", "fixed-response", "HTTP_301",
            "%", "%zz", "%C3%28", "%ED%A0%80", "%EF%BF%BF", "%00", "%7F", "%C2%85", "a%0Ab", new string('x', 5000), "arn:aws:elasticloadbalancing",
            "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/", "arn:::::", Uri.EscapeDataString(model.Listeners[0].Arn),
            Uri.EscapeDataString(model.TargetGroups["web"].Arn), Uri.EscapeDataString(model.LoadBalancers[0].Identifiers.LoadBalancerArn), "*", "/a*b?c",
            "10.0.0.0/99", "::1/200", "1.2.3.4", "0.0.0.0/0", "200-99", "600", "%FF%FE",
        ];

        var bodies = new List<string>();
        for (var i = 0; i < 230; i++)
        {
            var form = new StringBuilder("Action=").Append(actions[random.Next(actions.Length)]);
            for (var n = random.Next(1, 7); n > 0; n--)
            {
                form.Append('&').Append(names[random.Next(names.Length)]).Append('=').Append(values[random.Next(values.Length)]);
            }

            bodies.Add(form.ToString());
        }

        bodies.AddRange(
        [
            "", "&&&", "=", "Action", "Action=", "Action=%", "Action=Describe%00", "Action=DescribeLoadBalancers&Action=CreateRule",
            "Action=DescribeTargetGroups&PageSize=0", "Action=DescribeTargetGroups&Marker=-1", "Action=DescribeTargetGroups&Marker=99999999999",
            "Action=DescribeTargetGroups&Names=", "Action=DescribeTags&ResourceArns=", "Action=CreateRule&Conditions=&Actions=&Priority=1",
            "Action=CreateListener&DefaultActions.member.1.Type=forward&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=x",
            "\u00ff\u00fe", "Action=AddTags&ResourceArns.member.1=arn&Tags.member.1.Key=", "Action=RegisterTargets&TargetGroupArn=x&Targets.member.1.Id=",
            "Action=DescribeRules&RuleArns.member.1=arn:aws:elasticloadbalancing:us-east-1:0:listener-rule/app/x",
            "Action=ModifyLoadBalancerAttributes&Attributes.member.1.Key=idle_timeout.timeout_seconds&Attributes.member.1.Value=9999999999",
        ]);

        var statuses = new Dictionary<int, int>();
        foreach (var body in bodies)
        {
            using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
            request.Headers.TryAddWithoutValidation("Authorization", Signature);
            using var response = await admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{body[..Math.Min(body.Length, 300)]} -> {(int)response.StatusCode} {text}");
            _ = XElement.Parse(text);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
        }

        Assert.True(bodies.Count >= 250);
        Assert.True(statuses.GetValueOrDefault(400) > 150, string.Join(", ", statuses));

        // The state still describes.
        foreach (var form in new[] { "Action=DescribeTargetGroups", "Action=DescribeLoadBalancers", $"Action=DescribeListeners&LoadBalancerArn={Uri.EscapeDataString(model.LoadBalancers[0].Identifiers.LoadBalancerArn)}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, form)).Status);
        }
    }

    private static Task<AlbTestEnvironment> StartAsync() =>
        AlbTestEnvironment.StartAsync(Config, configure: options => options.HealthChecks.Automatic = false);

    private static async Task<RawHttpResponse> RawAsync(AlbTestEnvironment env, string request)
    {
        await using var connection = await RawHttpConnection.ConnectAsync(env.Server.AdminUri!);
        await connection.SendAsync(request);
        return await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(30));
    }

    private sealed record Answer(HttpStatusCode Status, string? Code, string Message);

    private static async Task<Answer> PostAsync(HttpClient admin, string form, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await admin.SendAsync(request);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync());
        var error = xml.Element(Ns + "Error");
        return new Answer(response.StatusCode, error?.Element(Ns + "Code")?.Value, error?.Element(Ns + "Message")?.Value ?? "");
    }
}
