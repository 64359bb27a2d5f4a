using System.Xml;
using System.Xml.Linq;

namespace AlbEmulator.ControlPlane.Query;

/// <summary>
/// Writes ELBv2 Query-protocol XML (alb-observability-api §4.3, §4.4): <c>&lt;{Action}Response&gt;</c>
/// with the mandatory <c>&lt;{Action}Result&gt;</c> and <c>ResponseMetadata/RequestId</c>; lists as
/// <c>&lt;Name&gt;&lt;member&gt;…</c> (an empty list is <c>&lt;Name/&gt;</c>); booleans lower case;
/// null members omitted.
/// </summary>
internal static class QueryXml
{
    public const string NamespaceUri = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    public static readonly XNamespace Ns = NamespaceUri;

    /// <summary>An element, or null (omitted by its parent) when <paramref name="content"/> is null.</summary>
    public static XElement? E(string name, object? content) => content is null ? null : new XElement(Ns + name, Writable(content));

    /// <summary>A structure element; always written.</summary>
    public static XElement Struct(string name, params object?[] members) => new(Ns + name, members);

    /// <summary>A list: the wrapper is always written, each item in <c>&lt;member&gt;</c>.</summary>
    public static XElement List(string name, IEnumerable<object?> items) =>
        new(Ns + name, items.Select(item => new XElement(Ns + "member", Writable(item))));

    /// <summary>A list of structures: each item's members inside its <c>&lt;member&gt;</c>.</summary>
    public static XElement StructList<T>(string name, IEnumerable<T> items, Func<T, IEnumerable<object?>> members) =>
        new(Ns + name, items.Select(item => new XElement(Ns + "member", members(item))));

    /// <summary>A map: <c>&lt;Name&gt;&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;…</c>.</summary>
    public static XElement Map(string name, IEnumerable<KeyValuePair<string, string>> entries) =>
        new(Ns + name, entries.Select(e => new XElement(Ns + "entry", new XElement(Ns + "key", Writable(e.Key)), new XElement(Ns + "value", Writable(e.Value)))));

    /// <summary>
    /// A string with the characters XML cannot carry replaced by U+FFFD. The API refuses them
    /// (QueryParameters), but a config file may hold one: a Describe must still answer.
    /// </summary>
    private static object? Writable(object? content)
    {
        if (content is not string text)
        {
            return content;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!XmlConvert.IsXmlChar(text[i]) && !(i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])))
            {
                return string.Create(text.Length, text, (span, source) =>
                {
                    for (var j = 0; j < source.Length; j++)
                    {
                        var pair = j + 1 < source.Length && XmlConvert.IsXmlSurrogatePair(source[j + 1], source[j]);
                        span[j] = XmlConvert.IsXmlChar(source[j]) || pair ? source[j] : '\uFFFD';
                        if (pair)
                        {
                            span[++j] = source[j];
                        }
                    }
                });
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        return text;
    }

    public static string Response(string action, string requestId, IEnumerable<object?> result) =>
        new XElement(
            Ns + $"{action}Response",
            new XElement(Ns + $"{action}Result", result),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId)))
        .ToString(SaveOptions.DisableFormatting);

    public static string Error(AlbApiError error, string requestId) =>
        new XElement(
            Ns + "ErrorResponse",
            new XElement(
                Ns + "Error",
                new XElement(Ns + "Type", error.Type),
                new XElement(Ns + "Code", error.Code),
                new XElement(Ns + "Message", Writable(error.Message))),
            new XElement(Ns + "RequestId", requestId))
        .ToString(SaveOptions.DisableFormatting);
}
