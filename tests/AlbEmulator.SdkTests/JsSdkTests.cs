using AlbEmulator.Tests.Common;

namespace AlbEmulator.SdkTests;

/// <summary>
/// The implemented ELBv2 operations through the AWS SDK for JavaScript v3
/// (<c>@aws-sdk/client-elastic-load-balancing-v2</c>, exact version in js/package-lock.json, installed by
/// <c>npm ci</c> in .ci/run): every operation of its model, the trust-store ones with files from
/// <see cref="TrustStoreFiles"/>, each error asserted as its modelled exception class (js/operations.mjs).
/// </summary>
public sealed class JsSdkTests
{
    private static readonly string Directory = Path.Combine(RepositoryPaths.Root, "tests", "AlbEmulator.SdkTests", "js");

    [Fact]
    public async Task ImplementedOperations_AnswerAsModelled()
    {
        Assert.True(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@aws-sdk", "client-elastic-load-balancing-v2")),
            $"Run 'npm ci' in {Directory} (.ci/run does).");
        using var bucket = TrustStoreFiles.Create();
        await using var backend = await TestBackend.StartAsync("sdk-backend");
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "LoadBalancer": { "Name": "sdk-alb" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80 } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);

        var (exitCode, output) = await ExternalScript.RunAsync("/usr/bin/node", [Path.Combine(Directory, "operations.mjs")], new Dictionary<string, string>
        {
            ["ALB_ENDPOINT"] = env.Server.AdminUri!.ToString().TrimEnd('/'),
            ["ALB_BACKEND_PORT"] = backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ALB_BUCKET"] = bucket.Directory,
        }, TimeSpan.FromMinutes(3), Directory);

        Assert.True(exitCode == 0, output);
        Assert.Contains("js-sdk OK", output, StringComparison.Ordinal);
    }
}
