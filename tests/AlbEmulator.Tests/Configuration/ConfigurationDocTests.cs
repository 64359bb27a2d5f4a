using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

/// <summary>docs/configuration.md stays in step with the code.</summary>
public sealed class ConfigurationDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "configuration.md"));

    public static TheoryData<string> AttributeKeys()
    {
        var data = new TheoryData<string>();
        foreach (var definition in AttributeCatalog.LoadBalancer.Concat(AttributeCatalog.TargetGroup))
        {
            data.Add(definition.Key);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AttributeKeys))]
    public void Every_attribute_key_is_documented(string key)
    {
        Assert.Contains($"`{key}`", Doc, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--access-log")]
    [InlineData("--bind")]
    [InlineData("--admin-url")]
    [InlineData("--validate")]
    [InlineData("--diagnostics")]
    [InlineData("--help")]
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
