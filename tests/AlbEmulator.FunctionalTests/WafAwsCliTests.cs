using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The real aws CLI (<c>/usr/bin/aws wafv2 --endpoint-url</c>, Debian's awscli) drives the WAFv2 API on the
/// admin endpoint — IP set, regex pattern set, web ACL, association, updates with lock tokens,
/// disassociation, deletion — and each change is seen on traffic through the listener.
/// </summary>
public sealed class WafAwsCliTests
{
    [Fact]
    public async Task AwsCliWafv2_CreateAssociateUpdate_EffectOnTraffic()
    {
        await using var backend = await TestBackend.StartAsync("web");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "cli-lb" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("web")}} ] } ],
              "TargetGroups": [ {{TestConfig.TargetGroup("web", backend)}} ]
            }
            """);
        using var client = env.CreateClient(8080);
        var cli = new Wafv2Cli(env.Server.AdminUri!);
        var work = Directory.CreateTempSubdirectory("albemu-wafcli-");
        try
        {
            var ipSet = (await cli.RunAsync("create-ip-set", "--name", "blocked-ips", "--scope", "REGIONAL", "--ip-address-version", "IPV4", "--addresses", "192.0.2.0/24"))!.Value.GetProperty("Summary");
            var regexSet = (await cli.RunAsync("create-regex-pattern-set", "--name", "secret-paths", "--scope", "REGIONAL", "--regular-expression-list", "RegexString=^/secret"))!.Value.GetProperty("Summary");
            var rulesFile = Path.Combine(work.FullName, "rules.json");
            await File.WriteAllTextAsync(rulesFile, $$"""
                [
                  { "Name": "secret-paths", "Priority": 1, "Action": { "Block": {} },
                    "Statement": { "RegexPatternSetReferenceStatement": { "ARN": "{{regexSet.GetProperty("ARN").GetString()}}", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } },
                    "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "secret-paths" } },
                  { "Name": "blocked-ips", "Priority": 2, "Action": { "Block": {} },
                    "Statement": { "IPSetReferenceStatement": { "ARN": "{{ipSet.GetProperty("ARN").GetString()}}" } },
                    "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "blocked-ips" } },
                  { "Name": "no-drop", "Priority": 3, "Action": { "Block": {} },
                    "Statement": { "ByteMatchStatement": { "SearchString": "ZHJvcA==", "FieldToMatch": { "QueryString": {} }, "TextTransformations": [ { "Priority": 0, "Type": "LOWERCASE" } ], "PositionalConstraint": "CONTAINS" } },
                    "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "no-drop" } }
                ]
                """);
            var acl = (await cli.RunAsync("create-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--default-action", """{"Allow":{}}""",
                "--visibility-config", "SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=site-acl", "--rules", "file://" + rulesFile))!.Value.GetProperty("Summary");
            var aclArn = acl.GetProperty("ARN").GetString()!;
            Assert.StartsWith("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/site-acl/", aclArn);
            Assert.Equal("WAFDuplicateItemException", await cli.ErrorAsync("create-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--default-action", """{"Allow":{}}""",
                "--visibility-config", "SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=site-acl"));

            // Not associated yet: everything reaches the target.
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/secret/plans"));

            var lbArn = env.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerArn;
            await cli.RunAsync("associate-web-acl", "--web-acl-arn", aclArn, "--resource-arn", lbArn);
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "/secret/plans"));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "/search?q=DROP+TABLE"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/home"));
            var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/home ", StringComparison.Ordinal)));
            Assert.Equal("waf,forward", line.ActionsExecuted);

            var forResource = (await cli.RunAsync("get-web-acl-for-resource", "--resource-arn", lbArn))!.Value.GetProperty("WebACL");
            Assert.Equal("site-acl", forResource.GetProperty("Name").GetString());
            var got = (await cli.RunAsync("get-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--id", acl.GetProperty("Id").GetString()!))!.Value;
            Assert.Equal(3, got.GetProperty("WebACL").GetProperty("Rules").GetArrayLength());
            Assert.Equal("ZHJvcA==", got.GetProperty("WebACL").GetProperty("Rules")[2].GetProperty("Statement").GetProperty("ByteMatchStatement").GetProperty("SearchString").GetString());

            // Put this machine into the blocked IP set: the next request is blocked.
            var lockToken = (await cli.RunAsync("get-ip-set", "--name", "blocked-ips", "--scope", "REGIONAL", "--id", ipSet.GetProperty("Id").GetString()!))!.Value.GetProperty("LockToken").GetString()!;
            await cli.RunAsync("update-ip-set", "--name", "blocked-ips", "--scope", "REGIONAL", "--id", ipSet.GetProperty("Id").GetString()!, "--addresses", "127.0.0.1/32", "--lock-token", lockToken);
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "/home"));
            Assert.Equal("WAFOptimisticLockException", await cli.ErrorAsync("update-ip-set", "--name", "blocked-ips", "--scope", "REGIONAL", "--id", ipSet.GetProperty("Id").GetString()!, "--addresses", "10.0.0.0/8", "--lock-token", lockToken));

            // Replace the rules with none: the default action (Allow) applies.
            await cli.RunAsync("update-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--id", acl.GetProperty("Id").GetString()!, "--lock-token", got.GetProperty("LockToken").GetString()!,
                "--default-action", """{"Allow":{}}""", "--visibility-config", "SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=site-acl", "--rules", "[]");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/home"));

            var listed = (await cli.RunAsync("list-web-acls", "--scope", "REGIONAL"))!.Value.GetProperty("WebACLs");
            Assert.Equal("site-acl", Assert.Single(listed.EnumerateArray()).GetProperty("Name").GetString());
            Assert.Equal("WAFAssociatedItemException", await cli.ErrorAsync("delete-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--id", acl.GetProperty("Id").GetString()!, "--lock-token",
                (await cli.RunAsync("get-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--id", acl.GetProperty("Id").GetString()!))!.Value.GetProperty("LockToken").GetString()!));

            await cli.RunAsync("disassociate-web-acl", "--resource-arn", lbArn);
            var aclLock = (await cli.RunAsync("get-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--id", acl.GetProperty("Id").GetString()!))!.Value.GetProperty("LockToken").GetString()!;
            await cli.RunAsync("delete-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--id", acl.GetProperty("Id").GetString()!, "--lock-token", aclLock);
            Assert.Empty((await cli.RunAsync("list-web-acls", "--scope", "REGIONAL"))!.Value.GetProperty("WebACLs").EnumerateArray());
            Assert.Equal("WAFNonexistentItemException", await cli.ErrorAsync("get-web-acl", "--name", "site-acl", "--scope", "REGIONAL", "--id", acl.GetProperty("Id").GetString()!));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    /// <summary><c>aws wafv2 ... --endpoint-url ADMIN --output json</c> with test credentials and no config files (toolchain §5).</summary>
    private sealed class Wafv2Cli(Uri endpoint)
    {
        public async Task<JsonElement?> RunAsync(params string[] arguments)
        {
            var (exitCode, stdout, stderr) = await ExecAsync(arguments);
            Assert.True(exitCode == 0, $"aws wafv2 {string.Join(' ', arguments)} exited {exitCode}: {stderr}");
            return string.IsNullOrWhiteSpace(stdout) ? null : JsonDocument.Parse(stdout).RootElement.Clone();
        }

        public async Task<string> ErrorAsync(params string[] arguments)
        {
            var (exitCode, _, stderr) = await ExecAsync(arguments);
            Assert.True(exitCode == 254, $"aws wafv2 {string.Join(' ', arguments)} exited {exitCode}, expected 254: {stderr}");
            var start = stderr.IndexOf("An error occurred (", StringComparison.Ordinal) + "An error occurred (".Length;
            return stderr[start..stderr.IndexOf(')', start)];
        }

        private async Task<(int, string, string)> ExecAsync(string[] arguments)
        {
            Assert.True(File.Exists(AwsCli.Path), "The aws CLI is missing: apt-get install awscli (.ci/run installs it).");
            var info = new ProcessStartInfo(AwsCli.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["wafv2", .. arguments, "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json"])
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["AWS_ACCESS_KEY_ID"] = "test";
            info.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
            info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
            info.Environment["AWS_CONFIG_FILE"] = "/dev/null";
            info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
            info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            info.Environment["AWS_PAGER"] = "";
            using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + AwsCli.Path);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(cts.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
