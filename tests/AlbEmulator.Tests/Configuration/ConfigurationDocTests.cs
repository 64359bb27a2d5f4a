using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

/// <summary>docs/configuration.md stays in step with the code.</summary>
public sealed class ConfigurationDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "configuration.md"));

    public static TheoryData<string> AttributeKeys()
    {
        var data = new TheoryData<string>();
        // A key valid at both scopes (load_balancing.cross_zone.enabled) is one test case.
        foreach (var key in AttributeCatalog.LoadBalancer.Concat(AttributeCatalog.TargetGroup).Select(d => d.Key).Distinct(StringComparer.Ordinal))
        {
            data.Add(key);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AttributeKeys))]
    public void Every_attribute_key_is_documented(string key)
    {
        Assert.Contains($"`{key}`", Doc, StringComparison.Ordinal);
    }

    public static TheoryData<string> CommandLineOptions() => new(AlbEmulator.Hosting.CommandLine.Options.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CommandLineOptions))]
    public void Every_command_line_option_is_documented(string option)
    {
        Assert.Contains($"`{option}", Doc, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_example_is_valid()
    {
        var start = Doc.IndexOf("```json", Doc.IndexOf("## Complete example", StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var end = Doc.IndexOf("```", start, StringComparison.Ordinal);

        var read = AlbConfigReader.ReadJson(Doc[start..end], "/base");

        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
    }

    [Fact]
    public void Complete_example_has_no_port_clash_with_the_admin_endpoint_or_its_own_listeners()
    {
        var start = Doc.IndexOf("```json", Doc.IndexOf("## Complete example", StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var end = Doc.IndexOf("```", start, StringComparison.Ordinal);
        var config = AlbConfigReader.ReadJson(Doc[start..end], "/base").Config!;
        var adminPort = new AlbEmulator.Hosting.CommandLine().AdminUrl.Port;
        var listenerPorts = config.AllListeners.Select(l => l.Port!.Value).ToList();
        var localTargetPorts = config.TargetGroups
            .SelectMany(g => g.Targets.Where(t => t.Id is "127.0.0.1" or "localhost" or "::1").Select(t => (Group: g.Name, Port: t.Port ?? g.Port)))
            .ToList();

        Assert.DoesNotContain(adminPort, listenerPorts);
        Assert.All(localTargetPorts, t => Assert.True(t.Port != adminPort && !listenerPorts.Contains(t.Port!.Value), $"target group {t.Group}: a local target on port {t.Port} clashes with the emulator's own port"));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AlbEmulator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AlbEmulator.sln not found above {AppContext.BaseDirectory}");
    }
}
