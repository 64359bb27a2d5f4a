using AlbEmulator.Hosting;

namespace AlbEmulator.FunctionalTests;

/// <summary>No --config and no alb.json: the embedded default, listener 8080 → built-in echo target (config-format.md §1).</summary>
[Collection(FixedPortsCollection.Name)]
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task NoConfig_EmbeddedDefault_EchoShowsAlbHeadersAndStopsCleanly()
    {
        var directory = Directory.CreateTempSubdirectory("alb-func-default-").FullName;
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(directory);
        try
        {
            var outputText = new StringWriter();
            var output = TextWriter.Synchronized(outputText);
            var errorText = new StringWriter();
            var error = TextWriter.Synchronized(errorText);
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var started = new TaskCompletionSource<AlbEmulatorServer>(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = AlbEmulatorCommand.RunAsync([], output, error, stopping.Token, server => started.TrySetResult(server));

            var first = await Task.WhenAny(started.Task, run, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(first == started.Task, $"The emulator did not start. stdout:\n{outputText}\nstderr:\n{errorText}");
            var server = await started.Task;
            Assert.Equal(8080, server.ListenerEndpoints[8080].Port);
            Assert.Equal(new Uri("http://127.0.0.1:8081/"), server.AdminUri);

            var (curlExit, echo, curlError) = await ExternalProcess.RunAsync("curl", ["-s", "--max-time", "20", "http://127.0.0.1:8080/hello?x=1"]);

            stopping.Cancel();
            var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(curlExit == 0, curlError);
            Assert.Contains("GET /hello?x=1 HTTP/1.1\n", echo, StringComparison.Ordinal);
            Assert.Contains("\nX-Forwarded-For: 127.0.0.1\n", echo, StringComparison.Ordinal);
            Assert.Contains("\nX-Forwarded-Proto: http\n", echo, StringComparison.Ordinal);
            Assert.Contains("\nX-Forwarded-Port: 8080\n", echo, StringComparison.Ordinal);
            Assert.Matches("\nX-Amzn-Trace-Id: Root=1-[0-9a-f]{8}-[0-9a-f]{24}\n", echo);
            Assert.Contains("\nHost: 127.0.0.1:8080\n", echo, StringComparison.Ordinal);
            Assert.Equal(AlbEmulatorCommand.ExitOk, exitCode);
            Assert.Contains("the embedded default", outputText.ToString(), StringComparison.Ordinal);
            Assert.Equal("", errorText.ToString());
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(directory, recursive: true);
        }
    }
}
