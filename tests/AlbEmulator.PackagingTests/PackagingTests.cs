using System.Xml.Linq;
using AlbEmulator.Hosting;

namespace AlbEmulator.PackagingTests;

/// <summary>docs/install.md as a user follows it: pack into a local feed, install the tool, run it; the packages' metadata.</summary>
public sealed class PackagingTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    private static string? Field(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static XElement? Element(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    [Fact]
    public void InstallCommandsFromTheDocsWork()
    {
        Assert.True(feed.Result.ExitCode == 0, $"The docs/install.md commands failed ({feed.Result.ExitCode}):\n{feed.Script}\n{feed.Result.Stdout}\n{feed.Result.Stderr}");
        var lastLine = feed.Result.Stdout.TrimEnd().Split('\n')[^1];
        Assert.Equal("alb-emulator " + AlbEmulatorVersion.Current, lastLine);
    }

    [Fact]
    public void OneVersionForEveryPackageAndAssembly()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$", AlbEmulatorVersion.Current);
        Assert.Equal(AlbEmulatorVersion.Current, PackageFeed.VersionOf(feed.Package("alb-emulator"), "alb-emulator"));
        Assert.Equal(AlbEmulatorVersion.Current, PackageFeed.VersionOf(feed.Package("AlbEmulator.Testing"), "AlbEmulator.Testing"));
        Assert.Equal(AlbEmulatorVersion.Current, PackageFeed.VersionOf(feed.Package("AlbEmulator.Testcontainers"), "AlbEmulator.Testcontainers"));
    }

    [Theory]
    [InlineData("alb-emulator")]
    [InlineData("AlbEmulator.Testing")]
    [InlineData("AlbEmulator.Testcontainers")]
    public void PackagesCarryLicenceReadmeAndRepository(string id)
    {
        var metadata = PackageFeed.Nuspec(feed.Package(id), out var entries);
        Assert.Equal(id, Field(metadata, "id"));
        var license = Element(metadata, "license")!;
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("Apache-2.0", license.Value);
        Assert.Equal("README.md", Field(metadata, "readme"));
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        var repository = Element(metadata, "repository")!;
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://", repository.Attribute("url")?.Value, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");
        Assert.False(string.IsNullOrWhiteSpace(Field(metadata, "description")));
    }

    [Fact]
    public void ToolPackageIsADotnetToolNamedAfterItsCommand()
    {
        var metadata = PackageFeed.Nuspec(feed.Package("alb-emulator"), out var entries);
        Assert.Contains(Element(metadata, "packageTypes")!.Elements(), e => e.Attribute("name")?.Value == "DotnetTool");
        Assert.Contains(entries, e => e.EndsWith("/alb-emulator.dll", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
    }

    [Fact]
    public void TestingPackageCarriesTheEmulatorAndDeclaresItsDependencies()
    {
        var metadata = PackageFeed.Nuspec(feed.Package("AlbEmulator.Testing"), out var entries);
        Assert.Contains("lib/net10.0/AlbEmulator.Testing.dll", entries);
        Assert.Contains("lib/net10.0/AlbEmulator.dll", entries);
        Assert.Contains("lib/net10.0/Yarp.ReverseProxy.dll", entries);
        var dependencies = Element(metadata, "dependencies")!.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.Equal("10.0.14", dependencies["Microsoft.AspNetCore.Mvc.Testing"]);
        foreach (var (package, _) in LibraryPackageReferences())
        {
            Assert.True(dependencies.ContainsKey(package), $"AlbEmulator.dll needs {package}, which the AlbEmulator.Testing package does not declare.");
        }
    }

    [Fact]
    public void TestcontainersPackageDeclaresTestcontainersAndCarriesNoEmulator()
    {
        var metadata = PackageFeed.Nuspec(feed.Package("AlbEmulator.Testcontainers"), out var entries);
        Assert.Contains("lib/net10.0/AlbEmulator.Testcontainers.dll", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith("/AlbEmulator.dll", StringComparison.Ordinal) || e.EndsWith("/Yarp.ReverseProxy.dll", StringComparison.Ordinal));
        var dependencies = Element(metadata, "dependencies")!.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.Equal(["Testcontainers"], dependencies.Keys);
        Assert.Equal("4.17.0", dependencies["Testcontainers"]);
    }

    [Fact]
    public async Task AProjectOutsideTheRepositoryRunsTheFixtureFromTheFeed()
    {
        Assert.Equal(0, feed.Result.ExitCode);
        var project = Directory.CreateTempSubdirectory("alb-consumer-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(project, "NuGet.Config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed.Feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AlbEmulator.Testing" Version="{AlbEmulatorVersion.Current}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "Program.cs"), """
                using AlbEmulator.Testing;

                await using var alb = await AlbEmulatorFixture
                    .Configure(c => c.Listener(80, "HTTP", l => l.DefaultFixedResponse(418, "text/plain", "from the package")))
                    .StartAsync();
                using var client = alb.CreateClient(80);
                var response = await client.GetAsync("/");
                Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()} {response.Headers.Server}");
                """);
            var run = await PackageFeed.RunAsync("dotnet", ["run", "-c", "Release"], project, TimeSpan.FromMinutes(5));
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Assert.Equal("418 from the package awselb/2.0", run.Stdout.Trim().Split('\n')[^1]);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    /// <summary>The NuGet packages src/AlbEmulator/AlbEmulator.csproj references (they must flow to the Testing package's users).</summary>
    private static IEnumerable<(string Id, string Version)> LibraryPackageReferences()
    {
        var project = XDocument.Load(Path.Combine(Tests.Common.RepositoryPaths.Root, "src", "AlbEmulator", "AlbEmulator.csproj"));
        return project.Descendants("PackageReference").Select(e => (e.Attribute("Include")!.Value, e.Attribute("Version")?.Value ?? ""));
    }
}
