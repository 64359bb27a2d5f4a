using System.Collections.Concurrent;
using System.Net;
using System.Xml.Linq;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Rules and targets change through the ELBv2 API while a bounded load runs: every request must
/// succeed (each one sees one snapshot, docs/control-plane.md). The API is called over plain HTTP here
/// (the aws CLI's start-up time would allow only a handful of changes during the load).
/// </summary>
[Collection(ControlPlaneApiTestsCollection.Name)]
public sealed class ControlPlaneApiTestsUnderLoad
{
    private const int Requests = 2000;
    private const int Concurrency = 16;
    private static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    [Fact]
    public async Task RulesAndTargetsChangeDuringLoad_NoRequestFails()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        var config = $$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [
                { "Name": "web", "Protocol": "HTTP", "Port": 80, "HealthyThresholdCount": 2, "Targets": [ { "Id": "127.0.0.1", "Port": {{web.Port}} } ] },
                { "Name": "api", "Protocol": "HTTP", "Port": 80, "HealthyThresholdCount": 2,
                  "TargetGroupAttributes": [ { "Key": "deregistration_delay.timeout_seconds", "Value": "5" } ],
                  "Targets": [ { "Id": "127.0.0.1", "Port": {{b.Port}} }, { "Id": "127.0.0.1", "Port": {{c.Port}} } ] }
              ]
            }
            """;
        await using var env = await AlbTestEnvironment.StartAsync(config, configure: options => options.HealthChecks.Automatic = false);
        await ControlPlaneApiTests.UntilHealthyAsync(env, "web");

        // "api" is used by no listener yet; a rule makes it used (it stays used: a group that stops being
        // used has its targets reset to initial, which is a target-state matter, not this test's), then healthy.
        var model = env.Server.Runtime.Current;
        var listenerArn = model.Listeners[0].Arn;
        var webArn = model.TargetGroups["web"].Arn;
        var apiArn = model.TargetGroups["api"].Arn;
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        await PostAsync(admin, ("Action", "CreateRule"), ("ListenerArn", listenerArn), ("Priority", "1"),
            ("Conditions.member.1.Field", "path-pattern"), ("Conditions.member.1.Values.member.1", "/api-only/*"),
            ("Actions.member.1.Type", "forward"), ("Actions.member.1.TargetGroupArn", apiArn));
        await ControlPlaneApiTests.UntilHealthyAsync(env, "api");
        var ruleArn = "";

        using var client = env.CreateClient(8080);
        var failures = new ConcurrentQueue<string>();
        var next = 0;
        var load = Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Requests)
            {
                try
                {
                    using var response = await client.GetAsync("/load/x");
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK || EchoedRequest.Parse(body).Backend is not ("web" or "b" or "c"))
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {body}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })));

        var changes = 0;
        var targetB = new[] { ("Targets.member.1.Id", "127.0.0.1"), ("Targets.member.1.Port", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        while (!load.IsCompleted || changes < 8)
        {
            var step = changes % 8;
            _ = step switch
            {
                0 => ruleArn = (await PostAsync(admin, ("Action", "CreateRule"), ("ListenerArn", listenerArn), ("Priority", "5"),
                    ("Conditions.member.1.Field", "path-pattern"), ("Conditions.member.1.Values.member.1", "/load/*"),
                    ("Actions.member.1.Type", "forward"), ("Actions.member.1.TargetGroupArn", apiArn))).Descendants(Ns + "RuleArn").Single().Value,
                1 => (await PostAsync(admin, [("Action", "DeregisterTargets"), ("TargetGroupArn", apiArn), .. targetB])).Name.LocalName,
                2 => (await PostAsync(admin, ("Action", "SetRulePriorities"), ("RulePriorities.member.1.RuleArn", ruleArn), ("RulePriorities.member.1.Priority", "7"))).Name.LocalName,
                3 => (await PostAsync(admin, ("Action", "ModifyRule"), ("RuleArn", ruleArn), ("Actions.member.1.Type", "forward"), ("Actions.member.1.TargetGroupArn", webArn))).Name.LocalName,
                4 => (await PostAsync(admin, ("Action", "ModifyLoadBalancerAttributes"), ("LoadBalancerArn", model.LoadBalancers[0].Identifiers.LoadBalancerArn),
                    ("Attributes.member.1.Key", "routing.http.xff_header_processing.mode"), ("Attributes.member.1.Value", changes % 16 == 4 ? "remove" : "append"))).Name.LocalName,
                5 => (await PostAsync(admin, [("Action", "RegisterTargets"), ("TargetGroupArn", apiArn), .. targetB])).Name.LocalName,
                6 => (await PostAsync(admin, ("Action", "ModifyRule"), ("RuleArn", ruleArn), ("Actions.member.1.Type", "forward"), ("Actions.member.1.TargetGroupArn", apiArn))).Name.LocalName,
                _ => (await PostAsync(admin, ("Action", "DeleteRule"), ("RuleArn", ruleArn))).Name.LocalName,
            };
            changes++;
        }

        await load;
        Assert.Empty(failures);
        Assert.True(changes >= 8);
        Assert.True(web.RequestCount + b.RequestCount + c.RequestCount >= Requests);
    }

    private static async Task<XElement> PostAsync(HttpClient admin, params (string Name, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Append(("Version", "2015-12-01")).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await admin.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return XElement.Parse(body);
    }
}
