using System.Text.Json;
using System.Text.RegularExpressions;
using AlbEmulator.Configuration;
using AlbEmulator.Configuration.Reading;
using AlbEmulator.Tests.Common;
using Json.Schema;

namespace AlbEmulator.Tests.Configuration;

/// <summary>
/// schema/alb-emulator.schema.json (what editors check through <c>$schema</c>) accepts every emulator document
/// the repository shows: the samples, the embedded default, the test data, and every JSON or YAML block of
/// README.md, docs/ and samples/ READMEs that is a whole document. The reader accepts each of them too.
/// </summary>
public sealed partial class ConfigSchemaTests
{
    private static readonly string[] DocumentKeys = ["$schema", "LoadBalancer", "LoadBalancers", "Listeners", "TargetGroups", "TrustStores", "Certificates", "WebACLs", "IPSets", "RegexPatternSets", "GeoLocations", "IdentityProvider"];

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "schema", "alb-emulator.schema.json"))));

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (var (source, json) in FindExamples())
        {
            data.Add(source, json);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_IsValidAgainstTheSchema(string source, string json)
    {
        using var document = JsonDocument.Parse(json, Lenient);

        var problems = Problems(document.RootElement);

        Assert.True(problems.Count == 0, $"{source} does not match schema/alb-emulator.schema.json:\n  " + string.Join("\n  ", problems));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_IsReadWithoutErrors(string source, string json)
    {
        var read = AlbConfigReader.ReadJson(json, "/base");

        Assert.True(read.Errors.Count == 0, $"{source}: " + string.Join("; ", read.Errors));
    }

    [Fact]
    public void Examples_CoverSamplesDocsAndTheDefault()
    {
        var sources = FindExamples().Select(e => e.Source).ToList();

        Assert.Contains(sources, s => s.StartsWith("samples/", StringComparison.Ordinal) && s.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.StartsWith("docs/configuration.md", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.StartsWith("README.md", StringComparison.Ordinal));
        Assert.Contains("src/AlbEmulator/Hosting/Resources/default-config.json", sources);
        Assert.True(sources.Count >= 10, "Only " + sources.Count + " examples found: " + string.Join(", ", sources));
    }

    [Theory]
    [InlineData("""{ "TargetGroups": [ { "Name": "web", "HealthCheckpath": "/health" } ] }""", "/TargetGroups/0/HealthCheckpath")]
    [InlineData("""{ "Listeners": [ { "Port": 8080, "Protocol": "TCP", "DefaultActions": [] } ] }""", "/Listeners/0/Protocol")]
    [InlineData("""{ "Listeners": [ { "Port": 8080, "DefaultActions": [ { "Type": "forwrd" } ] } ] }""", "/Listeners/0/DefaultActions/0/Type")]
    [InlineData("""{ "Listeners": [ { "Protocol": "HTTP", "DefaultActions": [] } ] }""", "/Listeners/0")]
    [InlineData("""{ "LoadBalancer": { "Name": "a", "Scheme": "private" } }""", "/LoadBalancer/Scheme")]
    [InlineData("""{ "LoadBalancers": [ { "Name": "a", "Listeners": [ { "Port": 80, "Protocol": "TCP", "DefaultActions": [] } ] } ] }""", "/LoadBalancers/0/Listeners/0/Protocol")]
    [InlineData("""{ "LoadBalancers": [ { "Name": "a", "Subnets": [] } ] }""", "/LoadBalancers/0/Subnets")]
    [InlineData("""{ "TargetGroups": [ { "Name": "web", "Port": "eighty" } ] }""", "/TargetGroups/0/Port")]
    [InlineData("""{ "Certificates": { "arn:aws:acm:us-east-1:123456789012:certificate/x": { "CertificateFile": "c.pem" } } }""", "/Certificates/arn:aws:acm:us-east-1:123456789012:certificate~1x")]
    public void Schema_RejectsWhatAnEditorShouldFlag(string json, string location)
    {
        using var document = JsonDocument.Parse(json);

        var problems = Problems(document.RootElement);

        Assert.Contains(problems, p => p.StartsWith(location + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_AcceptsSeveralLoadBalancers()
    {
        using var document = JsonDocument.Parse(SeveralLoadBalancersTests.TwoLoadBalancers);

        Assert.Empty(Problems(document.RootElement));
    }

    [Fact]
    public void Schema_IsDeclaredBySamples()
    {
        foreach (var sample in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples"), "alb.json", SearchOption.AllDirectories).Where(p => !Excluded(p)))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(sample), Lenient);
            var declared = document.RootElement.GetProperty("$schema").GetString()!;
            Assert.True(File.Exists(Path.GetFullPath(declared, Path.GetDirectoryName(sample)!)), $"{sample}: $schema '{declared}' does not resolve to a file");
        }
    }

    private static List<string> Problems(JsonElement instance)
    {
        var result = Schema.Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var problems = new List<string>();
        if (result.IsValid)
        {
            return problems;
        }

        foreach (var detail in (result.Details ?? []).Prepend(result))
        {
            foreach (var (_, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                problems.Add($"{detail.InstanceLocation}: {message}");
            }
        }

        return problems.Count == 0 ? ["(invalid)"] : problems;
    }

    /// <summary>(source, JSON) for every whole emulator document in the repository.</summary>
    private static IEnumerable<(string Source, string Json)> FindExamples()
    {
        var root = RepositoryPaths.Root;
        var files = new List<string> { Path.Combine(root, "src", "AlbEmulator", "Hosting", "Resources", "default-config.json") };
        files.AddRange(Directory.GetFiles(Path.Combine(root, "samples"), "*.*", SearchOption.AllDirectories).Where(p => !Excluded(p)));
        files.AddRange(Directory.GetFiles(Path.Combine(root, "tests", "AlbEmulator.Tests", "Configuration", "Data"), "*.json"));
        foreach (var file in files.Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
        {
            // The embedded default's echo-target port is filled in at start.
            var content = File.ReadAllText(file).Replace("\"{{ECHO_PORT}}\"", "5000", StringComparison.Ordinal);
            if (AsDocument(content, yaml: !file.EndsWith(".json", StringComparison.Ordinal)) is { } json)
            {
                yield return (Relative(file), json);
            }
        }

        var markdown = new List<string> { Path.Combine(root, "README.md") };
        markdown.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories));
        markdown.AddRange(Directory.GetFiles(Path.Combine(root, "samples"), "*.md", SearchOption.AllDirectories).Where(p => !Excluded(p)));
        foreach (var file in markdown)
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            foreach (Match block in CodeBlock().Matches(text))
            {
                var line = text[..block.Index].Count(c => c == '\n') + 1;
                if (AsDocument(block.Groups[2].Value, yaml: block.Groups[1].Value != "json") is { } json)
                {
                    yield return ($"{Relative(file)}:{line}", json);
                }
            }
        }
    }

    /// <summary>The JSON of an emulator document (top-level keys only from <see cref="DocumentKeys"/>), or null.</summary>
    private static string? AsDocument(string text, bool yaml)
    {
        var json = text;
        if (yaml && YamlConfig.ToJson(text, out json) is not null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, Lenient);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var keys = root.EnumerateObject().Select(p => p.Name).ToList();
            return keys.Count > 0 && keys.All(DocumentKeys.Contains) && keys.Any(k => k != "$schema") ? json : null;
        }
        catch (JsonException)
        {
            return null; // A fragment with "..." or a placeholder: not a whole document.
        }
    }

    private static bool Excluded(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

    [GeneratedRegex(@"^```(json|yaml|yml)[^\n]*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlock();
}
