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
