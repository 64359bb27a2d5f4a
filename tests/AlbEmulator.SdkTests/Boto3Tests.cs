using System.Net;
using System.Net.Sockets;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.SdkTests;

/// <summary>
/// The ELBv2 API driven by Debian's python3-boto3 (<c>/usr/bin/python3</c>; a pyenv python may come
/// first on PATH): every operation of its model, each error asserted as its modelled exception class
/// (boto3/all_operations.py), and a provisioning flow from an emulator with no load balancer with the
/// four waiters (boto3/provisioning_flow.py), the same over two load balancers, each answering by its own rules
/// (boto3/provisioning_two_lbs.py); the trust-store operations, which Debian's boto3 does not
/// model, through a newer model handed to botocore (boto3/trust_stores.py).
/// </summary>
public sealed class Boto3Tests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task EveryOperationOfTheModel_AnswersAsModelled()
    {
        await using var backend = await TestBackend.StartAsync("sdk-backend");
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "LoadBalancer": { "Name": "sdk-alb" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80 } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);

        var (exitCode, output) = await RunAsync("all_operations.py", env, backend);

        Assert.True(exitCode == 0, output);
        Assert.Contains("boto3 OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisioningFlow_FromNoLoadBalancer_WithWaiters()
    {
        await using var backend = await TestBackend.StartAsync("sdk-backend");
        var port = FreePort();
        await using var env = await AlbTestEnvironment.StartAsync("""{ "LoadBalancers": [], "TargetGroups": [] }""", configure: o => o.ListenerPortOverride = p => p);

        var (exitCode, output) = await RunAsync("provisioning_flow.py", env, backend, ("ALB_LISTENER_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.True(exitCode == 0, output);
        Assert.Contains("boto3 provisioning flow OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisioningFlow_TwoLoadBalancers_FromNone_EachAnswersByItsOwnRules()
    {
        await using var backend = await TestBackend.StartAsync("sdk-backend");
        var ports = string.Join(",", FreePort(), FreePort());
        await using var env = await AlbTestEnvironment.StartAsync("""{ "LoadBalancers": [], "TargetGroups": [] }""", configure: o => o.ListenerPortOverride = p => p);

        var (exitCode, output) = await RunAsync("provisioning_two_lbs.py", env, backend, ("ALB_LISTENER_PORTS", ports));

        Assert.True(exitCode == 0, output);
        Assert.Contains("boto3 two load balancers provisioning flow OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustStoreOperations_ThroughANewerModel_AnswerAsModelled()
    {
        using var bucket = TrustStoreFiles.Create();

        // Debian's boto3 has no trust-store operations: the script hands botocore the ELBv2 model of the JS SDK v2 (js/package-lock.json).
        var model = Path.Combine(RepositoryPaths.Root, "tests", "AlbEmulator.SdkTests", "js", "node_modules", "aws-sdk", "apis", "elasticloadbalancingv2-2015-12-01.min.json");
        Assert.True(File.Exists(model), $"{model} is missing: run 'npm ci' in tests/AlbEmulator.SdkTests/js (.ci/run does).");
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "LoadBalancer": { "Name": "sdk-alb" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);

        var (exitCode, output) = await ExternalScript.RunAsync(Python, [Path.Combine(AppContext.BaseDirectory, "boto3", "trust_stores.py")], new Dictionary<string, string>
        {
            ["ALB_ENDPOINT"] = env.Server.AdminUri!.ToString().TrimEnd('/'),
            ["ALB_BUCKET"] = bucket.Directory,
            ["ALB_ELBV2_MODEL"] = model,
        }, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, output);
        Assert.Contains("boto3 trust stores OK", output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string script, AlbTestEnvironment env, TestBackend backend, params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ALB_ENDPOINT"] = env.Server.AdminUri!.ToString().TrimEnd('/'),
            ["ALB_BACKEND_PORT"] = backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return ExternalScript.RunAsync(Python, [Path.Combine(AppContext.BaseDirectory, "boto3", script)], environment, TimeSpan.FromMinutes(4));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
