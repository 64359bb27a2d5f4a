using System.Text.RegularExpressions;

namespace AlbEmulator.Tests.Docs;

/// <summary>
/// Every requirement ID the repository cites (code, tests, samples, docs) resolves to a line of
/// docs/reference/requirements.md with an AWS documentation link, so a clone explains its own references.
/// </summary>
public sealed partial class RequirementReferenceTests
{
    private static readonly string Root = AlbEmulator.Tests.Common.RepositoryPaths.Root;

    [GeneratedRegex(@"\b(?:LST|RULE|ACT|TG|HC|STK|HDR|ERR|H2|DSY|LAM|AUTH|MISC)-(?:BODY-|TMO-)?\d+\b")]
    private static partial Regex RequirementId();

    [GeneratedRegex(@"^\| `(?<id>[A-Z0-9-]+)` \| (?<text>[^|]+) \| \[[^\]]+\]\((?<url>https://docs\.aws\.amazon\.com/[^)]+)\) \|$", RegexOptions.Multiline)]
    private static partial Regex ReferenceLine();

    [Fact]
    public void Every_cited_requirement_id_has_a_reference_line_with_an_aws_source()
    {
        var reference = File.ReadAllText(Path.Combine(Root, "docs", "reference", "requirements.md"));
        var documented = ReferenceLine().Matches(reference).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["url"].Value, StringComparer.Ordinal);

        var cited = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles())
        {
            foreach (Match match in RequirementId().Matches(File.ReadAllText(file)))
            {
                cited.Add(match.Value);
            }
        }

        Assert.True(cited.Count > 100, $"only {cited.Count} cited IDs found: the scan is broken");
        var missing = cited.Where(id => !documented.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, "Cited but not in docs/reference/requirements.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Reference_lines_are_unique_and_each_has_text()
    {
        var reference = File.ReadAllText(Path.Combine(Root, "docs", "reference", "requirements.md"));
        var lines = ReferenceLine().Matches(reference).ToList();

        Assert.NotEmpty(lines);
        Assert.Equal(lines.Count, lines.Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).Count());
        Assert.All(lines, m => Assert.True(m.Groups["text"].Value.Trim().Length > 10, m.Value));
    }

    private static IEnumerable<string> SourceFiles()
    {
        string[] roots = ["src", "tests", "samples", "bench", "docs"];
        string[] extensions = [".cs", ".md", ".sh", ".json", ".js", ".yaml"];
        foreach (var root in roots)
        {
            var directory = Path.Combine(Root, root);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                    || relative.Contains("/node_modules/", StringComparison.Ordinal) || relative == "docs/reference/requirements.md"
                    || relative.StartsWith("tests/conformance/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (extensions.Contains(Path.GetExtension(file)))
                {
                    yield return file;
                }
            }
        }
    }
}
