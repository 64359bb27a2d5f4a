using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AlbEmulator.Logging;
using AlbEmulator.Tests.Common;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Tests.Logging;

/// <summary>
/// docs/logging.md's event table is generated from the code: every <c>[LoggerMessage]</c> of the AlbEmulator
/// assembly, no more and no fewer, and each of them is actually logged somewhere in src/.
/// </summary>
public sealed partial class LoggingDocTests
{
    private static List<(MethodInfo Method, LoggerMessageAttribute Attribute)> Events() =>
        typeof(AlbLog).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .Select(e => (e.Method, e.Attribute!))
            .OrderBy(e => e.Item2.EventId).ThenBy(e => e.Method.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The table as docs/logging.md holds it between the events markers.</summary>
    public static string EventTable()
    {
        var table = new StringBuilder();
        table.Append("| Event id | Level | Message | Defined in |\n| --- | --- | --- | --- |\n");
        foreach (var (method, attribute) in Events())
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {attribute.EventId} | {attribute.Level} | `{attribute.Message.Replace("|", "\\|", StringComparison.Ordinal)}` | `{method.DeclaringType!.Name}.{method.Name}` |\n");
        }

        return table.ToString();
    }

    [Fact]
    public void EventTable_InTheDocs_IsGeneratedFromTheCode()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "logging.md")).ReplaceLineEndings("\n");
        var match = Block().Match(doc);
        Assert.True(match.Success, "docs/logging.md lacks <!-- events:begin --> ... <!-- events:end -->");

        var expected = EventTable();

        Assert.True(match.Groups[1].Value == expected, "Replace the table in docs/logging.md with:\n" + expected);
    }

    [Fact]
    public void EventIds_AreUnique()
    {
        var duplicates = Events().GroupBy(e => e.Attribute.EventId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void EveryEvent_IsLoggedSomewhere()
    {
        var sources = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();

        var neverCalled = Events()
            .Where(e => !sources.Any(text => Regex.IsMatch(text, $@"\b{e.Method.Name}\(") && Regex.Matches(text, $@"\b{e.Method.Name}\(").Count > (text.Contains($"void {e.Method.Name}(", StringComparison.Ordinal) ? 1 : 0)))
            .Select(e => $"{e.Attribute.EventId} {e.Method.DeclaringType!.Name}.{e.Method.Name}")
            .ToList();

        Assert.Empty(neverCalled);
    }

    [GeneratedRegex(@"<!-- events:begin[^>]*-->\n(.*?)<!-- events:end -->", RegexOptions.Singleline)]
    private static partial Regex Block();
}
