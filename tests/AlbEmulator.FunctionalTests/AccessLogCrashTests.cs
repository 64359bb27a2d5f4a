using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The real host killed with SIGKILL while it writes access-log lines under load: a reader of the file
/// sees only whole lines (no torn last line), and a restart appends after them.
/// </summary>
public sealed class AccessLogCrashTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-crash-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sigkill_UnderLoad_FileHoldsOnlyWholeLines()
    {
        var port = FreePort();
        var config = Path.Combine(_directory, "alb.json");
        File.WriteAllText(config, $$"""
            {
              "Listeners": [ { "Port": {{port}}, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok" } } ] } ]
            }
            """);
        var log = Path.Combine(_directory, "access.log");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _directory };
        foreach (var argument in new[] { CommandLineTests.HostDll(), "--config", config, "--access-log", log, "--admin-url", $"http://127.0.0.1:{FreePort()}" })
        {
            info.ArgumentList.Add(argument);
        }

        using var host = Process.Start(info)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.UntilAsync(() => TryGet(client), "the listener answers", TimeSpan.FromSeconds(30));

            // Load with long lines (a long User-Agent), then kill once lines are being written.
            using var stop = new CancellationTokenSource();
            var userAgent = "crash-test/" + new string('u', 2000);
            var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/load");
                    request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                    try
                    {
                        using var response = await client.SendAsync(request, stop.Token);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                    }
                }
            })).ToArray();
            await Eventually.UntilAsync(() => File.Exists(log) && new FileInfo(log).Length > 256 * 1024, "lines are written", TimeSpan.FromSeconds(60));
            host.Kill();
            await host.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill();
            }
        }

        var bytes = File.ReadAllBytes(log);
        Assert.NotEmpty(bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        foreach (var line in File.ReadAllLines(log))
        {
            Assert.Equal("200", AccessLogLine.Parse(line).ElbStatusCode);
        }
    }

    private static bool TryGet(HttpClient client)
    {
        try
        {
            return client.GetAsync("/").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false; // not listening yet, or slower than the client's timeout on a loaded machine: poll again
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
