using System.Text.RegularExpressions;

namespace AlbEmulator.Testing.Tests;

/// <summary>
/// Every command the docs show in a <c>```sh</c> block is either run by CI or allowlisted with a reason
/// (documented-commands.txt), so a newcomer never copies a command nobody runs.
/// </summary>
public sealed partial class DocumentedCommandsTests
{
    private static readonly string Root = RepositoryRoot.Path;

    [Fact]
    public void Every_documented_command_is_run_by_CI_or_allowlisted()
    {
        var entries = ReadEntries();
        var missing = DocumentedCommands().Where(c => !entries.ContainsKey(c.Command)).ToArray();

        Assert.True(missing.Length == 0,
            "Add these commands to tests/AlbEmulator.Testing.Tests/documented-commands.txt (run by CI, or allow: <reason>):\n"
            + string.Join("\n", missing.Select(m => $"  {m.Command}    ({m.File})")));
    }

    [Fact]
    public void Every_entry_is_still_documented()
    {
        var documented = DocumentedCommands().Select(c => c.Command).ToHashSet(StringComparer.Ordinal);
        var stale = ReadEntries().Keys.Where(c => !documented.Contains(c)).ToArray();

        Assert.True(stale.Length == 0, "No page shows these commands any more; remove them:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Commands_marked_as_run_by_CI_are_run()
    {
        var ciScript = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        var solution = File.ReadAllText(Path.Combine(Root, "AlbEmulator.sln")).Replace('\\', '/');
        Assert.Contains("dotnet test AlbEmulator.sln", ciScript, StringComparison.Ordinal);
        foreach (var (command, kind) in ReadEntries())
        {
            if (kind.StartsWith("ci:", StringComparison.Ordinal))
            {
                var file = kind["ci:".Length..].Trim();
                Assert.True(File.Exists(Path.Combine(Root, file)), $"{command}: {file} does not exist");
                Assert.Contains(command, File.ReadAllText(Path.Combine(Root, file)), StringComparison.Ordinal);
                Assert.True(file == ".ci/run" || ciScript.Contains(file, StringComparison.Ordinal), $"{command}: .ci/run does not run {file}");
            }
            else if (kind == "solution")
            {
                var match = DotnetTest().Match(command);
                Assert.True(match.Success, $"'{command}' is marked 'solution' but is not 'dotnet test <dir>'");
                var dir = match.Groups[1].Value.TrimEnd('/');
                Assert.True(solution.Contains($"\"{dir}/", StringComparison.Ordinal), $"{dir} is not in AlbEmulator.sln");
            }
            else
            {
                Assert.True(kind.StartsWith("allow:", StringComparison.Ordinal) && kind.Length > "allow: ".Length + 10,
                    $"'{command}': the kind must be 'ci: <file>', 'solution' or 'allow: <reason>' (got '{kind}')");
            }
        }
    }

    [Fact]
    public void Sh_blocks_are_extracted_with_continuations_and_comments_handled()
    {
        var commands = ExtractCommands("x\n```sh\n# a comment\nfoo --a \\\n  --b   # note\n\nbar '#{path}'\n```\n```json\n{}\n```\n");

        Assert.Equal(["foo --a --b", "bar '#{path}'"], commands);
    }

    private static Dictionary<string, string> ReadEntries()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "documented-commands.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var separator = line.LastIndexOf(" ## ", StringComparison.Ordinal);
            Assert.True(separator > 0, "Malformed entry (no ' ## '): " + line);
            Assert.True(entries.TryAdd(line[..separator].Trim(), line[(separator + 4)..].Trim()), "Duplicate entry: " + line);
        }

        return entries;
    }

    private static IEnumerable<(string File, string Command)> DocumentedCommands()
    {
        var pages = new List<string> { Path.Combine(Root, "README.md") };
        pages.AddRange(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"));
        pages.AddRange(Directory.GetFiles(Path.Combine(Root, "samples"), "README.md", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules")));
        return pages.SelectMany(page => ExtractCommands(File.ReadAllText(page)).Select(c => (Path.GetRelativePath(Root, page), c)));
    }

    internal static IReadOnlyList<string> ExtractCommands(string markdown)
    {
        var commands = new List<string>();
        var inBlock = false;
        var pending = "";
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock && line.Trim() is "```sh" or "```bash" or "```shell";
                pending = "";
                continue;
            }

            if (!inBlock)
            {
                continue;
            }

            var text = TrailingComment().Replace(line, "").Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            if (text.EndsWith('\\'))
            {
                pending += text[..^1].Trim() + " ";
                continue;
            }

            commands.Add(pending + text);
            pending = "";
        }

        return commands;
    }

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"^dotnet test (\S+)$")]
    private static partial Regex DotnetTest();
}
