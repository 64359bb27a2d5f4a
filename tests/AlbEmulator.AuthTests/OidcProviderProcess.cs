using System.Diagnostics;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AuthTests;

/// <summary>
/// oidc-provider (npm, a certified OpenID provider) run by node from <c>oidc-provider/server.mjs</c>,
/// installed by <c>.ci/run</c> with <c>npm ci</c> from the committed package-lock.json. A missing node or
/// node_modules fails the test with the command to run.
/// </summary>
internal sealed class OidcProviderProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private OidcProviderProcess(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static string Directory => Path.Combine(RepositoryPaths.Root, "tests", "AlbEmulator.AuthTests", "oidc-provider");

    public static async Task<OidcProviderProcess> StartAsync()
    {
        Assert.True(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "oidc-provider")),
            $"oidc-provider is not installed: run 'npm ci' in {Directory} (.ci/run does).");
        var info = new ProcessStartInfo("node", ["server.mjs"])
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start node.");
        var line = await ReadLineAsync(process, "listening ");
        var self = new OidcProviderProcess(process, line["listening ".Length..].Trim());
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (self._stderr)
                {
                    self._stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return self;
    }

    /// <summary>Registers the client with the load balancer's redirect URI and waits until the provider serves.</summary>
    public async Task RegisterClientAsync(string redirectUri)
    {
        await _process.StandardInput.WriteLineAsync(redirectUri);
        await _process.StandardInput.FlushAsync();
        await ReadLineAsync(_process, "ready");
    }

    public string Errors()
    {
        lock (_stderr)
        {
            return string.Join("\n", _stderr);
        }
    }

    private static async Task<string> ReadLineAsync(Process process, string prefix)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException($"oidc-provider exited (code {(process.HasExited ? process.ExitCode : -1)}) before printing '{prefix}'.");
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
