using System.Collections;
using AlbEmulator.Hosting;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Tests.Hosting;

/// <summary>ALB_EMULATOR_* environment variables (config-format.md §1) and --log-level.</summary>
public sealed class CommandLineEnvironmentTests
{
    private static CommandLine Parse(string[] args, params (string Key, string Value)[] environment)
    {
        var variables = new Hashtable { ["PATH"] = "/usr/bin", ["ALB_EMULATOR"] = "not an option variable" };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        return CommandLine.Parse(args, variables);
    }

    [Fact]
    public void OverridesAndParameters_FromTheEnvironment_CommandLineParameterWins()
    {
        var cli = Parse(["--config", "stack.yaml", "--parameter", "Env=prod"],
            ("ALB_EMULATOR_OVERRIDES", "local.json"),
            ("ALB_EMULATOR_PARAMETER", "Env=dev  Subnets=a,b\nPort=8080"));

        Assert.Empty(cli.Errors);
        Assert.Equal("local.json", cli.OverridesPath);
        Assert.Equal(new Dictionary<string, string> { ["Env"] = "prod", ["Subnets"] = "a,b", ["Port"] = "8080" }, cli.Parameters);
    }

    [Fact]
    public void EveryValueOption_FromTheEnvironment()
    {
        var cli = Parse([],
            ("ALB_EMULATOR_CONFIG", "alb.yaml"),
            ("ALB_EMULATOR_ACCESS_LOG", "-"),
            ("ALB_EMULATOR_BIND", "0.0.0.0"),
            ("ALB_EMULATOR_ADMIN_URL", "http://0.0.0.0:9000"),
            ("ALB_EMULATOR_ADMIN_CREDENTIALS", "AKID:secret"),
            ("ALB_EMULATOR_LOG_FILE", "app.log"),
            ("ALB_EMULATOR_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
            ("ALB_EMULATOR_LOG_LEVEL", "debug"));

        Assert.Empty(cli.Errors);
        Assert.Equal("alb.yaml", cli.ConfigPath);
        Assert.Equal("-", cli.AccessLogPath);
        Assert.Equal("0.0.0.0", cli.BindAddress.ToString());
        Assert.Equal(new Uri("http://0.0.0.0:9000"), cli.AdminUrl);
        Assert.Equal("AKID:secret", cli.AdminCredentials);
        Assert.Equal("app.log", cli.LogFile);
        Assert.Equal(new Uri("http://127.0.0.1:4318"), cli.OtlpEndpoint);
        Assert.Equal(LogLevel.Debug, cli.LogLevel);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void Flags_TrueOrFalse(string value, bool expected)
    {
        var cli = Parse([], ("ALB_EMULATOR_VALIDATE", value), ("ALB_EMULATOR_DIAGNOSTICS", value));

        Assert.Empty(cli.Errors);
        Assert.Equal(expected, cli.Validate);
        Assert.Equal(expected, cli.Diagnostics);
    }

    [Fact]
    public void CommandLine_WinsOverTheEnvironment()
    {
        var cli = Parse(["--config", "cli.json", "--log-level", "warning"], ("ALB_EMULATOR_CONFIG", "env.json"), ("ALB_EMULATOR_LOG_LEVEL", "trace"));

        Assert.Empty(cli.Errors);
        Assert.Equal("cli.json", cli.ConfigPath);
        Assert.Equal(LogLevel.Warning, cli.LogLevel);
    }

    [Fact]
    public void EnvironmentValues_ValidatedLikeOptions()
    {
        var cli = Parse([], ("ALB_EMULATOR_BIND", "nowhere"), ("ALB_EMULATOR_VALIDATE", "maybe"), ("ALB_EMULATOR_LOG_LEVEL", "loud"));

        Assert.Equal(
            [
                "ALB_EMULATOR_VALIDATE: 'maybe' must be true or false.",
                "--bind: 'nowhere' is not an IP address.",
                "--log-level: 'loud' must be one of trace, debug, information, warning, error.",
            ],
            cli.Errors);
    }

    [Fact]
    public void UnknownVariable_ReportedWithTheClosestName()
    {
        var cli = Parse([], ("ALB_EMULATOR_CONFG", "alb.json"), ("ALB_EMULATOR_HELP", "1"));

        Assert.Equal(2, cli.Errors.Count);
        Assert.Equal("Unknown environment variable ALB_EMULATOR_CONFG (did you mean ALB_EMULATOR_CONFIG?).", cli.Errors[0]);
        Assert.StartsWith("Unknown environment variable ALB_EMULATOR_HELP", cli.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDocumentedOption_IsParsed()
    {
        Assert.True(CommandLine.Options.Count >= 12, string.Join(", ", CommandLine.Options.Keys));
        foreach (var (option, takesValue) in CommandLine.Options)
        {
            var value = option switch
            {
                "--bind" => "127.0.0.1",
                "--admin-url" or "--otlp-endpoint" => "http://127.0.0.1:1",
                "--admin-credentials" => "a:b",
                "--log-level" => "error",
                "--waf-fault" => "WAFConnectionError",
                "--parameter" => "Key=Value",
                "--request-history" => "10",
                "--transport-scheduling" => "thread-pool",
                _ => "x",
            };
            var cli = CommandLine.Parse(takesValue ? [option, value] : [option], new Hashtable());
            Assert.True(cli.Errors.Count == 0, $"{option}: {string.Join("; ", cli.Errors)}");
        }
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("information", LogLevel.Information)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public void LogLevel_Names(string name, LogLevel expected) =>
        Assert.Equal(expected, CommandLine.Parse(["--log-level", name], new Hashtable()).LogLevel);
}
