using AlbEmulator.Configuration;
using AlbEmulator.Hosting;

namespace AlbEmulator.Testing.Tests;

/// <summary>Every config a sample ships, and the embedded default, loads and validates with no error.</summary>
public sealed class SampleConfigsTests
{
    public static TheoryData<string> SampleConfigs()
    {
        var data = new TheoryData<string>();
        var root = FindRoot();
        foreach (var path in Directory.GetFiles(Path.Combine(root, "samples"), "alb*.json", SearchOption.AllDirectories)
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                         && !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}"))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleConfigs))]
    public void SampleConfig_Validates(string relativePath)
    {
        var read = AlbConfigReader.ReadFile(Path.Combine(FindRoot(), relativePath));
        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
    }

    [Fact]
    public void EmbeddedDefault_Validates()
    {
        var read = EmbeddedDefaultConfig.Create(12345, Directory.GetCurrentDirectory());
        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlbEmulator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AlbEmulator.sln not found");
    }
}
