using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Docs;

/// <summary>Every page in docs/ is reachable from docs/index.md and from the README's documentation table.</summary>
public sealed class DocsIndexTests
{
    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var page in Directory.GetFiles(RepositoryPaths.Docs, "*.md").Select(Path.GetFileName).Where(n => n != "index.md").Order(StringComparer.Ordinal))
        {
            data.Add(page!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_ListedInIndexAndReadme(string page)
    {
        Assert.Contains($"({page})", File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "index.md")));
        Assert.Contains($"(docs/{page})", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")));
    }
}
