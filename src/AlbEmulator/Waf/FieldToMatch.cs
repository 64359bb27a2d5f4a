using System.Text;
using System.Text.Json;

namespace AlbEmulator.Waf;

/// <summary>How a request component larger than WAF's inspection limit is treated (<c>OversizeHandling</c>).</summary>
public enum OversizeHandling
{
    /// <summary>Inspect what WAF received (the first 8 KB).</summary>
    Continue,

    /// <summary>The statement matches without inspection.</summary>
    Match,

    /// <summary>The statement does not match without inspection.</summary>
    NoMatch,
}

/// <summary>What a field extraction produced: values to inspect, or a decision made by oversize/fallback handling.</summary>
public enum FieldOutcome
{
    Inspect,
    Match,
    NoMatch,
}

/// <summary>
/// A compiled <c>FieldToMatch</c>: the part of the request a statement inspects. <see cref="Extract"/>
/// adds each value to inspect (one for most fields; several for headers, cookies, query arguments and
/// JSON bodies, any of which may match) and says when oversize or fallback handling decides instead.
/// </summary>
public abstract class FieldToMatch
{
    /// <summary>The location name the WAF log uses in <c>ruleMatchDetails</c> (<c>QUERY_STRING</c>, <c>HEADER</c>, ...).</summary>
    public abstract string Location { get; }

    public abstract FieldOutcome Extract(WafRequest request, List<string> values);

    public static FieldToMatch UriPath { get; } = new Simple("URI", r => r.UriPath);

    public static FieldToMatch QueryString { get; } = new Simple("QUERY_STRING", r => r.QueryString);

    public static FieldToMatch Method { get; } = new Simple("HTTP_METHOD", r => r.Method);

    /// <summary>ALB never receives a fragment (clients do not send it): always the fallback.</summary>
    public static FieldToMatch Fragment(bool fallbackMatch) => new Fallback("URI_FRAGMENT", fallbackMatch);

    /// <summary>No JA3/JA4 fingerprint is computed locally: always the fallback (docs/waf.md).</summary>
    public static FieldToMatch Fingerprint(string location, bool fallbackMatch) => new Fallback(location, fallbackMatch);

    private sealed class Simple(string location, Func<WafRequest, string> read) : FieldToMatch
    {
        public override string Location => location;

        public override FieldOutcome Extract(WafRequest request, List<string> values)
        {
            values.Add(read(request));
            return FieldOutcome.Inspect;
        }
    }

    private sealed class Fallback(string location, bool match) : FieldToMatch
    {
        public override string Location => location;

        public override FieldOutcome Extract(WafRequest request, List<string> values) => match ? FieldOutcome.Match : FieldOutcome.NoMatch;
    }

    protected static FieldOutcome Oversize(OversizeHandling handling) => handling switch
    {
        OversizeHandling.Match => FieldOutcome.Match,
        OversizeHandling.NoMatch => FieldOutcome.NoMatch,
        _ => FieldOutcome.Inspect,
    };
}

/// <summary><c>SingleHeader</c>: every value of one header (name case-insensitive). Absent: nothing to inspect.</summary>
public sealed class SingleHeaderField(string name) : FieldToMatch
{
    public override string Location => "HEADER";

    public override FieldOutcome Extract(WafRequest request, List<string> values)
    {
        values.AddRange(request.HeaderValues(name));
        return FieldOutcome.Inspect;
    }
}

/// <summary><c>SingleQueryArgument</c>: the value(s) of one query argument (name case-insensitive).</summary>
public sealed class SingleQueryArgumentField(string name) : FieldToMatch
{
    public override string Location => "SINGLE_QUERY_ARG";

    public override FieldOutcome Extract(WafRequest request, List<string> values)
    {
        foreach (var argument in request.QueryArguments)
        {
            if (string.Equals(argument.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(argument.Value);
            }
        }

        return FieldOutcome.Inspect;
    }
}

/// <summary><c>AllQueryArguments</c>: the value of every query argument.</summary>
public sealed class AllQueryArgumentsField : FieldToMatch
{
    public override string Location => "ALL_QUERY_ARGS";

    public override FieldOutcome Extract(WafRequest request, List<string> values)
    {
        foreach (var argument in request.QueryArguments)
        {
            values.Add(argument.Value);
        }

        return FieldOutcome.Inspect;
    }
}

/// <summary>Which keys of a map component are inspected (<c>MatchPattern</c>).</summary>
public sealed record NamePattern(bool All, IReadOnlyList<string>? Included, IReadOnlyList<string>? Excluded, StringComparer Comparer)
{
    public bool Selects(string name) =>
        All || (Included is not null ? Included.Contains(name, Comparer) : Excluded is null || !Excluded.Contains(name, Comparer));
}

/// <summary><c>Headers</c> and <c>Cookies</c>: keys, values or both (<c>MatchScope</c>) of the selected entries.</summary>
public sealed class MapField(bool cookies, NamePattern pattern, string matchScope, OversizeHandling oversize) : FieldToMatch
{
    public override string Location => cookies ? "COOKIES" : "HEADERS";

    public override FieldOutcome Extract(WafRequest request, List<string> values)
    {
        if (cookies ? request.CookiesOversize : request.HeadersOversize)
        {
            var decided = Oversize(oversize);
            if (decided != FieldOutcome.Inspect)
            {
                return decided;
            }
        }

        var entries = cookies ? request.Cookies : request.Headers;
        var size = 0;
        var count = 0;
        foreach (var entry in entries)
        {
            size += entry.Key.Length + entry.Value.Length;
            if (++count > WafRequest.HeaderCountLimit || size > WafRequest.HeaderInspectionLimit)
            {
                break;
            }

            if (!pattern.Selects(entry.Key))
            {
                continue;
            }

            if (matchScope is "ALL" or "KEY")
            {
                values.Add(entry.Key);
            }

            if (matchScope is "ALL" or "VALUE")
            {
                values.Add(entry.Value);
            }
        }

        return FieldOutcome.Inspect;
    }
}

/// <summary><c>HeaderOrder</c>: the header names in the order received, separated by colons.</summary>
public sealed class HeaderOrderField(OversizeHandling oversize) : FieldToMatch
{
    public override string Location => "HEADER_ORDER";

    public override FieldOutcome Extract(WafRequest request, List<string> values)
    {
        if (request.HeadersOversize && Oversize(oversize) is var decided && decided != FieldOutcome.Inspect)
        {
            return decided;
        }

        values.Add(string.Join(':', request.Headers.Select(h => h.Key)));
        return FieldOutcome.Inspect;
    }
}

/// <summary><c>Body</c>: the first 8 KB of the body as WAF received it; oversize handling above that.</summary>
public sealed class BodyField(OversizeHandling oversize) : FieldToMatch
{
    public override string Location => "BODY";

    public override FieldOutcome Extract(WafRequest request, List<string> values)
    {
        if (request.BodyOversize && Oversize(oversize) is var decided && decided != FieldOutcome.Inspect)
        {
            return decided;
        }

        values.Add(request.Body);
        return FieldOutcome.Inspect;
    }
}

/// <summary>
/// <c>JsonBody</c>: the body parsed as JSON; the keys and/or scalar values (<c>MatchScope</c>) of the whole
/// document (<c>All</c>) or under the <c>IncludedPaths</c> JSON pointers. Invalid JSON (a truncated oversize
/// body included): <c>InvalidFallbackBehavior</c> MATCH, NO_MATCH or EVALUATE_AS_STRING (the body as plain
/// text); without it, what parsed before the error is inspected, as AWS does.
/// </summary>
public sealed class JsonBodyField(IReadOnlyList<string>? includedPaths, string matchScope, string? invalidFallback, OversizeHandling oversize) : FieldToMatch
{
    public override string Location => "BODY";

    public override FieldOutcome Extract(WafRequest request, List<string> values)
    {
        if (request.BodyOversize && Oversize(oversize) is var decided && decided != FieldOutcome.Inspect)
        {
            return decided;
        }

        var start = values.Count;
        if (TryParse(request.Body, values))
        {
            return FieldOutcome.Inspect;
        }

        switch (invalidFallback)
        {
            case "MATCH":
                values.RemoveRange(start, values.Count - start);
                return FieldOutcome.Match;
            case "NO_MATCH":
                values.RemoveRange(start, values.Count - start);
                return FieldOutcome.NoMatch;
            case "EVALUATE_AS_STRING":
                values.RemoveRange(start, values.Count - start);
                values.Add(request.Body);
                return FieldOutcome.Inspect;
            default:
                return FieldOutcome.Inspect;
        }
    }

    private bool TryParse(string body, List<string> values)
    {
        var bytes = Encoding.Latin1.GetBytes(body);
        if (bytes.Length == 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        var path = new List<string>();
        var arrayIndex = new List<int>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        NextArrayElement(path, arrayIndex);
                        path.Add("");
                        arrayIndex.Add(reader.TokenType == JsonTokenType.StartArray ? -1 : -2);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        arrayIndex.RemoveAt(arrayIndex.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        path[^1] = Escape(name);
                        if (matchScope is "ALL" or "KEY" && Selected(path, keyOnly: true))
                        {
                            values.Add(Latin1(name));
                        }

                        break;
                    default:
                        NextArrayElement(path, arrayIndex);
                        if (matchScope is "ALL" or "VALUE" && Selected(path, keyOnly: false))
                        {
                            values.Add(reader.TokenType == JsonTokenType.String ? Latin1(reader.GetString()!) : Encoding.UTF8.GetString(reader.ValueSpan));
                        }

                        break;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void NextArrayElement(List<string> path, List<int> arrayIndex)
    {
        if (arrayIndex.Count > 0 && arrayIndex[^1] >= -1)
        {
            arrayIndex[^1]++;
            path[^1] = arrayIndex[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private bool Selected(List<string> path, bool keyOnly)
    {
        if (includedPaths is null)
        {
            return true;
        }

        var pointer = path.Count == 0 ? "" : "/" + string.Join('/', path);
        foreach (var included in includedPaths)
        {
            if (included.Length == 0 || pointer == included || pointer.StartsWith(included + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        _ = keyOnly;
        return false;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Latin1(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
}
