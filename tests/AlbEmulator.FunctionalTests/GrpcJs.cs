using System.Diagnostics;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The third-party gRPC implementation the gRPC tests drive: <c>@grpc/grpc-js</c> scripts in
/// <c>samples/grpc</c> — the gRPC sample's own client and server, so one copy serves both (node modules
/// installed by <c>npm ci</c> in .ci/run and by the sample's run.sh).
/// </summary>
internal static class GrpcJs
{
    public static string Directory { get; } = Path.Combine(RepositoryPaths.Root, "samples", "grpc");

    private static void RequireModules()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException($"@grpc/grpc-js is not installed: run 'npm ci' in {Directory} (.ci/run does).");
        }
    }

    /// <summary>Runs client.js once and parses the JSON it prints.</summary>
    public static async Task<GrpcCallResult> CallAsync(string address, string security, string kind, params string[] texts)
    {
        RequireModules();
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("node", [Path.Combine(Directory, "client.js"), address, security, kind, .. texts], Directory, TimeSpan.FromSeconds(30));
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (exit != 0 || line is null)
        {
            throw new InvalidOperationException($"grpc-js client failed ({exit}): {stdout}\n{stderr}");
        }

        return new GrpcCallResult(JsonDocument.Parse(line).RootElement.Clone());
    }
}

/// <summary>What client.js printed: messages, response headers and the final status with trailers.</summary>
internal sealed class GrpcCallResult(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public IReadOnlyList<string> Texts => Root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToArray();

    public JsonElement FirstMessage => Root.GetProperty("messages")[0];

    public int Code => Root.GetProperty("status").GetProperty("code").GetInt32();

    public string CodeName => Root.GetProperty("status").GetProperty("name").GetString()!;

    public string Details => Root.GetProperty("status").GetProperty("details").GetString()!;

    public string? Trailer(string name) => Root.GetProperty("status").GetProperty("metadata").TryGetProperty(name, out var v) ? v.GetString() : null;

    public string? Header(string name) => Root.GetProperty("headers").TryGetProperty(name, out var v) ? v.GetString() : null;

    public override string ToString() => Root.GetRawText();
}

/// <summary>server.js as a target: a grpc-js server on h2c, ended with the test (stdin closed, then killed).</summary>
internal sealed class GrpcJsServer : IAsyncDisposable
{
    private readonly Process _process;

    private GrpcJsServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<GrpcJsServer> StartAsync(bool health = false)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = GrpcJs.Directory,
        };
        info.ArgumentList.Add(Path.Combine(GrpcJs.Directory, "server.js"));
        info.ArgumentList.Add("--stdin-lifetime");
        if (health)
        {
            info.ArgumentList.Add("--health");
        }

        if (!System.IO.Directory.Exists(Path.Combine(GrpcJs.Directory, "node_modules", "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException($"@grpc/grpc-js is not installed: run 'npm ci' in {GrpcJs.Directory} (.ci/run does).");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start node");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token);
                if (line is null)
                {
                    throw new InvalidOperationException("grpc-js server exited: " + await process.StandardError.ReadToEndAsync(cts.Token));
                }

                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new GrpcJsServer(process, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
