using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.PackagingTests;

/// <summary>
/// Runs the install commands of docs/install.md once per test run, in a temporary feed and tool path
/// (the repository is not written to), and keeps what they printed and produced.
/// </summary>
public sealed partial class PackageFeed : IAsyncLifetime
{
    public const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private readonly string _root = Directory.CreateTempSubdirectory("alb-packaging-").FullName;

    public string Feed => Path.Combine(_root, "feed");

    public string Tools => Path.Combine(_root, "tools");

    public string Script { get; private set; } = "";

    public (int ExitCode, string Stdout, string Stderr) Result { get; private set; }

    /// <summary>The shell block between the install-commands markers of docs/install.md.</summary>
    public static IReadOnlyList<string> DocumentedCommands()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "install.md"));
        var match = InstallBlock().Match(text);
        Assert.True(match.Success, "docs/install.md has no <!-- install-commands --> ```sh block.");
        return match.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The documented commands with the temporary feed and tool path, packing the existing build.</summary>
    public string Rewrite(IEnumerable<string> commands)
    {
        var lines = new List<string> { "set -euo pipefail" };
        foreach (var command in commands)
        {
            var line = command.Replace("./feed", Feed, StringComparison.Ordinal).Replace("--global", "--tool-path " + Tools, StringComparison.Ordinal);
            if (line.StartsWith("dotnet pack ", StringComparison.Ordinal))
            {
                line = line.Replace("-c Release", $"-c {Configuration} --no-build", StringComparison.Ordinal);
            }
            else if (line.StartsWith("alb-emulator", StringComparison.Ordinal))
            {
                line = Path.Combine(Tools, "alb-emulator") + line["alb-emulator".Length..];
            }

            lines.Add(line);
        }

        return string.Join('\n', lines) + "\n";
    }

    public async Task InitializeAsync()
    {
        Script = Rewrite(DocumentedCommands());
        Result = await RunAsync("bash", ["-c", Script], RepositoryPaths.Root, TimeSpan.FromMinutes(5));
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A tool still holding a file: the temp folder is left behind.
        }

        return Task.CompletedTask;
    }

    public string Package(string id) =>
        Directory.GetFiles(Feed, id + ".*.nupkg").Single(p => VersionOf(p, id) is not null);

    public static string? VersionOf(string packagePath, string id)
    {
        var name = Path.GetFileNameWithoutExtension(packagePath);
        var rest = name[(id.Length + 1)..];
        return char.IsDigit(rest[0]) ? rest : null;
    }

    public static XElement Nuspec(string packagePath, out IReadOnlyList<string> entries)
    {
        using var zip = ZipFile.OpenRead(packagePath);
        entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return metadata;
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        ExternalProcess.RunAsync(fileName, arguments, workingDirectory, timeout,
            (environment ?? new Dictionary<string, string>()).Append(new("DOTNET_CLI_TELEMETRY_OPTOUT", "1")).Append(new("DOTNET_NOLOGO", "1")));

    [GeneratedRegex(@"<!-- install-commands[^>]*-->\s*```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex InstallBlock();
}
