using System.Globalization;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.BrowserTests;

/// <summary>
/// Runs browser/console.mjs (puppeteer-core, exact version in browser/package-lock.json, installed by
/// <c>npm ci</c> in .ci/run) against Debian's <c>/usr/bin/chromium</c>. A missing browser, node module or
/// pdftotext fails the test: .ci/run installs them.
/// </summary>
internal static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    public static readonly string ScriptDirectory = Path.Combine(RepositoryPaths.Root, "tests", "AlbEmulator.BrowserTests", "browser");

    /// <summary>Screenshots and downloads: TestResults/browser under the project (kept after the run, ignored by git).</summary>
    public static readonly string Artefacts = Environment.GetEnvironmentVariable("ALB_BROWSER_ARTEFACTS")
        ?? Path.Combine(RepositoryPaths.Root, "tests", "AlbEmulator.BrowserTests", "TestResults", "browser");

    /// <summary>Runs one scenario and returns its RESULT object.</summary>
    public static async Task<JsonElement> RunAsync(string scenario, Uri adminUri, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: .ci/run installs Debian's chromium.");
        Assert.True(Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "puppeteer-core")), $"Run 'npm ci' in {ScriptDirectory} (.ci/run does).");
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["ADMIN_URL"] = adminUri.ToString(),
            ["CHROMIUM"] = Executable,
        };
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            "/usr/bin/node", [Path.Combine(ScriptDirectory, "console.mjs"), scenario, Artefacts], ScriptDirectory, timeout ?? TimeSpan.FromMinutes(3), variables);
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        Assert.True(exitCode == 0 && line is not null, $"console.mjs {scenario} exited {exitCode}:\n{stdout}\n{stderr}");
        var result = JsonDocument.Parse(line!["RESULT ".Length..]).RootElement.Clone();
        Assert.Empty(result.GetProperty("consoleErrors").EnumerateArray());
        return result;
    }

    /// <summary>The text of a PDF as Debian's pdftotext (poppler-utils) reads it.</summary>
    public static async Task<string> PdfTextAsync(string pdf)
    {
        Assert.True(File.Exists("/usr/bin/pdftotext"), "/usr/bin/pdftotext is missing: .ci/run installs poppler-utils.");
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("/usr/bin/pdftotext", ["-layout", pdf, "-"], Artefacts, TimeSpan.FromMinutes(1), []);
        Assert.True(exitCode == 0, $"pdftotext failed: {stderr}");
        return stdout;
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
