using System.Net;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The worked example of docs/waf.md, run from the page itself: the core rule set blocks a 50 KB avatar
/// upload (SizeRestrictions_BODY, seen in the access log, the WAF log and the metrics); the fixed web ACL lets
/// it through and still blocks large bodies elsewhere.
/// </summary>
public sealed class WafWorkedExampleTests
{
    private static string Example(string marker, int port)
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "waf.md"));
        var start = page.IndexOf($"<!-- waf-worked-example:{marker} -->", StringComparison.Ordinal);
        var json = page[(page.IndexOf("```json", start, StringComparison.Ordinal) + "```json".Length)..page.IndexOf("```\n<!-- /waf-worked-example:" + marker, start, StringComparison.Ordinal)];
        return json.Replace("\"Port\": 5000", $"\"Port\": {port}", StringComparison.Ordinal);
    }

    private static HttpContent Avatar() => new ByteArrayContent(new byte[50_000]);

    [Fact]
    public async Task CoreRuleSet_BlocksTheUpload_ThenTheFixLetsItThrough()
    {
        await using var app = await TestBackend.StartAsync("app");
        var logPath = Path.Combine(Path.GetTempPath(), "albemu-waf-example-" + Guid.NewGuid().ToString("N") + ".log");
        try
        {
            await using (var before = await AlbTestEnvironment.StartAsync(Example("before", app.Port), configure: o => o.WafLogPath = logPath))
            {
                using var client = before.CreateClient(8080);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("curl/8.5.0"); // without one, NoUserAgent_HEADER blocks first
                using var blocked = await client.PostAsync("/profile/avatar", Avatar());
                Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
                Assert.Equal(118, (await blocked.Content.ReadAsByteArrayAsync()).Length);
                var log = AccessLogLine.Parse(await before.WaitForAccessLogAsync(l => l.Contains("/profile/avatar", StringComparison.Ordinal)));
                Assert.Equal("waf", log.ActionsExecuted);
                using var admin = new HttpClient { BaseAddress = before.Server.AdminUri };
                Assert.Contains("BlockedRequests{Region=\"us-east-1\",Rule=\"crs\",WebACL=\"shop-acl\"} 1", await admin.GetStringAsync("/metrics"));
            }

            using (var waf = JsonDocument.Parse(File.ReadAllLines(logPath).Single()))
            {
                var root = waf.RootElement;
                Assert.Equal("crs", root.GetProperty("terminatingRuleId").GetString());
                Assert.Equal("MANAGED_RULE_GROUP", root.GetProperty("terminatingRuleType").GetString());
                var group = root.GetProperty("ruleGroupList")[0];
                Assert.Equal("AWS#AWSManagedRulesCommonRuleSet", group.GetProperty("ruleGroupId").GetString());
                Assert.Equal("SizeRestrictions_BODY", group.GetProperty("terminatingRule").GetProperty("ruleId").GetString());
                Assert.Contains(root.GetProperty("labels").EnumerateArray(), l => l.GetProperty("name").GetString() == "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body");
            }

            Assert.Equal(0, app.RequestCount);
            await using var after = await AlbTestEnvironment.StartAsync(Example("after", app.Port));
            using var fixedClient = after.CreateClient(8080);
            fixedClient.DefaultRequestHeaders.UserAgent.ParseAdd("curl/8.5.0");
            var (echo, line) = await Exchange.SendAsync(after, fixedClient, new HttpRequestMessage(HttpMethod.Post, "/profile/avatar") { Content = Avatar() });
            Assert.Equal(50_000, echo.BodyLength);
            Assert.Equal("waf,forward", line.ActionsExecuted);
            using var elsewhere = await fixedClient.PostAsync("/api/notes", Avatar());
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
            using var adminAfter = new HttpClient { BaseAddress = after.Server.AdminUri };
            Assert.Contains("CountedRequests{Region=\"us-east-1\",Rule=\"crs\",WebACL=\"shop-acl\"} 2", await adminAfter.GetStringAsync("/metrics"));
        }
        finally
        {
            File.Delete(logPath);
        }
    }
}
