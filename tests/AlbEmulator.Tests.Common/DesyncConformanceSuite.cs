using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// Loads the http-desync-guardian cases copied into the repository at <c>tests/conformance/desync/*.yaml</c>
/// (Apache-2.0 test data; LICENSE and NOTICE beside them).
/// </summary>
public static class DesyncConformanceSuite
{
    private static readonly Lazy<IReadOnlyList<DesyncConformanceCase>> AllCases = new(Load);

    public static IReadOnlyList<DesyncConformanceCase> Cases => AllCases.Value;

    /// <summary>
    /// Cases whose expectation cannot come out of the raw bytes of one request head, with the raw verdict asserted
    /// instead. The library's own harness tolerates them too (it checks the reason only on its parsed-request path and
    /// skips the raw tier check when the raw reason is AmbiguousUri).
    /// </summary>
    public static IReadOnlyDictionary<(string File, int Index), (string Tier, string Reason)> KnownRawDivergences { get; } =
        new Dictionary<(string File, int Index), (string Tier, string Reason)>
        {
            // The "URI" carries "\r\n" and a whole second request. On the wire the first head ends at the first
            // empty line: "GET /endpoint_a\tHTTP/1.1\r\nHost:localhost\r\n\r\n", i.e. an HTTP/0.9-style line
            // whose target contains HTAB (AmbiguousUri). The CR/LF the expectation (BadUri) relies on are line
            // terminators there.
            [("uri-specific-test-cases.yaml", 7)] = ("Ambiguous", "AmbiguousUri"),
        };

    /// <summary>The tier and reason a case's raw bytes classify as (the suite's expectation, or its known raw divergence).</summary>
    public static (string Tier, string Reason) ExpectedOnTheWire(DesyncConformanceCase testCase) =>
        KnownRawDivergences.TryGetValue((testCase.File, testCase.Index), out var divergence) ? divergence : (testCase.ExpectedTier, testCase.ExpectedReason);

    public static string FindSuiteDirectory()
    {
        var suite = Path.Combine(RepositoryPaths.Root, "tests", "conformance", "desync");
        if (!Directory.Exists(suite) || Directory.GetFiles(suite, "*.yaml").Length == 0)
        {
            throw new InvalidOperationException($"The desync conformance suite (*.yaml) was not found in {suite}.");
        }

        return suite;
    }

    /// <summary>
    /// The library harness's second unescaping: <c>\xNN</c> (a code point, later sent as UTF-8),
    /// <c>\b</c>, <c>\f</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>; any other escaped character stands for itself.
    /// </summary>
    public static string Unescape(string value)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (ch != '\\')
            {
                result.Append(ch);
                continue;
            }

            if (++i >= value.Length)
            {
                throw new FormatException($"Malformed escape at the end of '{value}'.");
            }

            switch (value[i])
            {
                case 'x':
                    var hex = value.Substring(i + 1, Math.Min(2, value.Length - i - 1));
                    result.Append((char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += hex.Length;
                    break;
                case 'b':
                    result.Append('\b');
                    break;
                case 'f':
                    result.Append('\f');
                    break;
                case 'n':
                    result.Append('\n');
                    break;
                case 'r':
                    result.Append('\r');
                    break;
                case 't':
                    result.Append('\t');
                    break;
                default:
                    result.Append(value[i]);
                    break;
            }
        }

        return result.ToString();
    }

    private static List<DesyncConformanceCase> Load()
    {
        var cases = new List<DesyncConformanceCase>();
        foreach (var path in Directory.GetFiles(FindSuiteDirectory(), "*.yaml").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var yaml = new YamlStream();
            using (var reader = new StreamReader(path, Encoding.UTF8))
            {
                yaml.Load(reader);
            }

            var root = (YamlSequenceNode)yaml.Documents[0].RootNode;
            var index = 0;
            foreach (var node in root.Children.Cast<YamlMappingNode>())
            {
                var headers = new List<(string, string)>();
                if (node.Children.TryGetValue(new YamlScalarNode("headers"), out var headerNode) && headerNode is YamlSequenceNode headerList)
                {
                    foreach (var header in headerList.Children.Cast<YamlMappingNode>())
                    {
                        headers.Add((Field(header, "name"), Field(header, "value")));
                    }
                }

                var expected = (YamlMappingNode)node[new YamlScalarNode("expected")];
                cases.Add(new DesyncConformanceCase(
                    file,
                    index++,
                    ((YamlScalarNode)node[new YamlScalarNode("name")]).Value ?? string.Empty,
                    Field(node, "method"),
                    Field(node, "uri"),
                    Field(node, "version"),
                    headers,
                    Field(expected, "tier"),
                    Field(expected, "reason")));
            }
        }

        return cases;
    }

    private static string Field(YamlMappingNode node, string key) =>
        Unescape(((YamlScalarNode)node[new YamlScalarNode(key)]).Value ?? string.Empty);
}
