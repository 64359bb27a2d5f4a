using System.Text.RegularExpressions;
using AlbEmulator.AccessLogs;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.AccessLogs;

/// <summary>Pins docs/access-logs.md's field table to the formatter: same 36 fields, same order, same quoting.</summary>
public sealed partial class AccessLogDocTests
{
    [GeneratedRegex(@"^\| (\d+) \| `([^`]+)` \| (yes|no) \|")]
    private static partial Regex FieldRow();

    private static List<(int Number, string Name, bool Quoted)> DocumentedFields()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "access-logs.md"));
        var section = doc[doc.IndexOf("## Fields", StringComparison.Ordinal)..doc.IndexOf("## Connection logs", StringComparison.Ordinal)];
        return section.Split('\n')
            .Select(l => FieldRow().Match(l))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value), m.Groups[2].Value, m.Groups[3].Value == "yes"))
            .ToList();
    }

    [Fact]
    public void Doc_ListsTheFormattersFields_InOrder()
    {
        var documented = DocumentedFields();

        Assert.Equal(36, AccessLogFormatter.FieldNames.Count);
        Assert.Equal(AccessLogFormatter.FieldNames, documented.Select(f => f.Name));
        Assert.Equal(Enumerable.Range(1, 36), documented.Select(f => f.Number));
        Assert.All(documented, f => Assert.Equal(f.Name.StartsWith('"'), f.Quoted));
    }

    [Fact]
    public void FormattedLine_HasOneTokenPerField_QuotedWhereTheDocSays()
    {
        var line = AccessLogTestLines.Forwarded();

        var tokens = AccessLogTestLines.Tokenize(line);

        Assert.Equal(AccessLogFormatter.FieldNames.Count, tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.True(tokens[i].StartsWith('"') == AccessLogFormatter.FieldNames[i].StartsWith('"'), $"field {i + 1} {AccessLogFormatter.FieldNames[i]}: {tokens[i]}");
        }

        AccessLogLine.Parse(line);
    }
}
