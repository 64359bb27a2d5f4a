using System.Net;
using AlbEmulator.Hosting;

namespace AlbEmulator.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_NoArgs_Defaults()
    {
        var cli = CommandLine.Parse([]);
        Assert.Null(cli.ConfigPath);
        Assert.Equal(IPAddress.Loopback, cli.BindAddress);
        Assert.Equal(new Uri("http://127.0.0.1:8081"), cli.AdminUrl);
        Assert.False(cli.Validate);
        Assert.Empty(cli.Errors);
    }

    [Fact]
    public void Parse_AllOptions()
    {
        var cli = CommandLine.Parse(["--config", "a.json", "--access-log", "-", "--bind", "0.0.0.0", "--admin-url", "http://0.0.0.0:9000", "--validate", "--diagnostics"]);
        Assert.Equal("a.json", cli.ConfigPath);
        Assert.Equal("-", cli.AccessLogPath);
        Assert.Equal(IPAddress.Any, cli.BindAddress);
        Assert.Equal(9000, cli.AdminUrl.Port);
        Assert.True(cli.Validate);
        Assert.True(cli.Diagnostics);
    }

    [Fact]
    public void Parse_AdminCredentials()
    {
        Assert.Equal("AKID:secret", CommandLine.Parse(["--admin-credentials", "AKID:secret"]).AdminCredentials);
        Assert.Equal(["--admin-credentials: expected ACCESS_KEY:SECRET."], CommandLine.Parse(["--admin-credentials", "nocolon"]).Errors);
    }

    [Theory]
    [InlineData(new[] { "--nope" }, "Unknown option '--nope'.")]
    [InlineData(new[] { "--config" }, "Option --config needs a value.")]
    [InlineData(new[] { "--bind", "host" }, "--bind: 'host' is not an IP address.")]
    public void Parse_Mistakes_Reported(string[] args, string error)
    {
        Assert.Equal([error], CommandLine.Parse(args).Errors);
    }
}
