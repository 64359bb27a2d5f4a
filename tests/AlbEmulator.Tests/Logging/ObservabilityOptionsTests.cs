using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Logging;

/// <summary>The [ext] command-line options of the observability work: parsed, in the usage text and documented.</summary>
public sealed class ObservabilityOptionsTests
{
    [Fact]
    public void Parse_LogFileAndOtlpEndpoint()
    {
        var cli = CommandLine.Parse(["--log-file", "logs/app.json", "--otlp-endpoint", "http://127.0.0.1:4318"]);

        Assert.Empty(cli.Errors);
        Assert.Equal("logs/app.json", cli.LogFile);
        Assert.Equal(new Uri("http://127.0.0.1:4318"), cli.OtlpEndpoint);
    }

    [Fact]
    public void Parse_OtlpEndpointNotAUrl_Reported()
    {
        Assert.Equal(["--otlp-endpoint: 'localhost:4318' must be an http or https URL, e.g. http://127.0.0.1:4318."], CommandLine.Parse(["--otlp-endpoint", "localhost:4318"]).Errors);
    }

    [Theory]
    [InlineData("--log-file")]
    [InlineData("--otlp-endpoint")]
    public void Option_InUsageAndConfigurationDoc(string option)
    {
        Assert.Contains(option, CommandLine.Usage, StringComparison.Ordinal);
        Assert.Contains($"`{option}", File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "configuration.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAlbLogEventId_IsDocumented()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "logging.md"));
        var ids = typeof(AlbEmulator.Logging.AlbLog).GetMethods()
            .SelectMany(m => m.GetCustomAttributes(typeof(Microsoft.Extensions.Logging.LoggerMessageAttribute), false).Cast<Microsoft.Extensions.Logging.LoggerMessageAttribute>())
            .Select(a => a.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains($"| {id} |", doc, StringComparison.Ordinal));
    }
}
