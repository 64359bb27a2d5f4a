using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AotTests;

/// <summary>
/// The Native AOT <c>alb-emulator</c>, published once per test run (every test class shares it through
/// <see cref="AotCollection"/>) the way the release binary and the container image are: <c>dotnet publish
/// src/AlbEmulator.Host -c Release -r linux-x64</c>. It publishes from a copy of the sources, so the repository's
/// <c>obj/</c> folders keep their RID-less restore. The JIT build it is compared with is the Host project's build
/// output, which the test project's build produced.
/// </summary>
public sealed class AotBinary : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("alb-aot-").FullName;

    /// <summary>The published executable.</summary>
    public string Executable { get; private set; } = "";

    /// <summary>The publish output directory.</summary>
    public string OutputDirectory => _published ?? Path.Combine(_work, "out");

    private string? _published;

    /// <summary>How the JIT build is started: <c>dotnet</c> and src/AlbEmulator.Host/bin/&lt;configuration&gt;/net10.0/alb-emulator.dll.</summary>
    public static (string Program, string[] Arguments) Jit
    {
        get
        {
            var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(RepositoryPaths.Root, "src", "AlbEmulator.Host", "bin", testDirectory.Parent!.Name, testDirectory.Name, "alb-emulator.dll");
            Assert.True(File.Exists(dll), $"The JIT build {dll} is missing: build the solution first.");
            return ("dotnet", [dll]);
        }
    }

    public async Task InitializeAsync()
    {
        // ALB_AOT_PUBLISHED: the output directory of an earlier publish of the same sources, to rerun the tests without
        // publishing again while working on them (CI never sets it).
        if (Environment.GetEnvironmentVariable("ALB_AOT_PUBLISHED") is { Length: > 0 } published)
        {
            _published = published;
            Executable = Path.Combine(published, "alb-emulator");
            Assert.True(File.Exists(Executable), $"ALB_AOT_PUBLISHED={published} has no alb-emulator.");
            return;
        }

        // Native AOT links with clang and needs zlib's static library (zlib1g-dev); .ci/run installs both. A machine without
        // them fails here with what to install, never skips.
        var missing = new List<string>();
        if (!ExistsOnPath("clang"))
        {
            missing.Add("clang");
        }

        if (!File.Exists("/usr/include/zlib.h"))
        {
            missing.Add("zlib1g-dev");
        }

        Assert.True(missing.Count == 0, $"Native AOT needs {string.Join(" and ", missing)} (apt-get install clang zlib1g-dev; .ci/run installs them).");

        var source = Path.Combine(_work, "src");
        File.Copy(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"), Path.Combine(source, "Directory.Build.props").EnsureDirectory());
        File.Copy(Path.Combine(RepositoryPaths.Root, ".editorconfig"), Path.Combine(source, ".editorconfig"));
        foreach (var project in new[] { "AlbEmulator", "AlbEmulator.Host" })
        {
            CopySources(Path.Combine(RepositoryPaths.Root, "src", project), Path.Combine(source, "src", project));
        }

        // The copy has no .git for MinVer: the version is the JIT build's, so --version answers the same.
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            "dotnet",
            ["publish", Path.Combine(source, "src", "AlbEmulator.Host"), "-c", "Release", "-r", "linux-x64", "-p:DebugType=none",
             "-p:MinVerVersionOverride=" + AlbEmulatorVersion.Current, "-o", OutputDirectory, "--nologo", "-v", "q", "-clp:ErrorsOnly"],
            source, TimeSpan.FromMinutes(20));
        Assert.True(exitCode == 0, $"The Native AOT publish failed ({exitCode}):\n{stdout}\n{stderr}");
        Executable = Path.Combine(OutputDirectory, "alb-emulator");
        Assert.True(File.Exists(Executable), "The publish wrote no alb-emulator executable: " + string.Join(", ", Directory.GetFiles(OutputDirectory)));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    private static bool ExistsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, program)));

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            File.Copy(file, Path.Combine(to, relative).EnsureDirectory());
        }
    }
}

/// <summary>Every AOT test class shares the one publish.</summary>
[CollectionDefinition(Name)]
public sealed class AotCollection : ICollectionFixture<AotBinary>
{
    public const string Name = "Native AOT binary";
}

internal static class PathExtensions
{
    /// <summary>Creates the file's directory; returns the path.</summary>
    public static string EnsureDirectory(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
