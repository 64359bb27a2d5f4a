using System.Text.RegularExpressions;

namespace AlbEmulator.Testing.Tests;

/// <summary>samples/README.md lists every sample folder, every listed folder exists and has a README with a command.</summary>
public sealed partial class SamplesCatalogueTests
{
    private static readonly string Samples = Path.Combine(RepositoryRoot.Path, "samples");

    [Fact]
    public void The_catalogue_and_the_sample_folders_agree()
    {
        var listed = Listed();
        var folders = Directory.GetDirectories(Samples).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(listed);
        Assert.Equal(folders, listed.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Every_sample_has_a_README_with_the_command_that_runs_it()
    {
        foreach (var sample in Listed())
        {
            var readme = Path.Combine(Samples, sample, "README.md");
            Assert.True(File.Exists(readme), $"samples/{sample} has no README.md");
            var commands = DocumentedCommandsTests.ExtractCommands(File.ReadAllText(readme));
            Assert.True(commands.Count >= 1, $"samples/{sample}/README.md shows no command in a ```sh block");
        }
    }

    private static List<string> Listed() =>
        CatalogueRow().Matches(File.ReadAllText(Path.Combine(Samples, "README.md"))).Select(m => m.Groups[1].Value).ToList();

    // A table row whose first cell links to <folder>/README.md.
    [GeneratedRegex(@"^\| \[[^\]]+\]\(([^/)]+)/README\.md\) \|", RegexOptions.Multiline)]
    private static partial Regex CatalogueRow();
}
