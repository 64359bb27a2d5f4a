using System.Globalization;

namespace AlbEmulator.ControlPlane.Query;

/// <summary>
/// The form parameters of one AWS Query request (alb-observability-api §4.2), seen through a prefix:
/// scalars are <c>Name=value</c>, lists <c>Name.member.N...</c> (sorted by N, gaps allowed), maps
/// <c>Name.entry.N.key/value</c>, and <c>Name=</c> is an empty list. Unknown parameters are ignored.
/// </summary>
internal sealed class QueryParameters
{
    private readonly IReadOnlyDictionary<string, string> _all;
    private readonly string _prefix;

    public QueryParameters(IReadOnlyDictionary<string, string> all, string prefix = "")
    {
        _all = all;
        _prefix = prefix;
    }

    /// <summary>Parses an <c>application/x-www-form-urlencoded</c> body; the last value of a repeated name wins.</summary>
    public static QueryParameters Parse(string body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            RequirePrintable(name, name, allowLineBreaks: false);
            RequirePrintable(name, value, allowLineBreaks: name.EndsWith(".MessageBody", StringComparison.Ordinal));
            values[name] = value;
        }

        return new QueryParameters(values);
    }

    /// <summary>
    /// Refuses control characters (U+0000–U+001F, U+007F–U+009F), lone surrogates and U+FFFE/U+FFFF in
    /// any parameter, before anything is stored: AWS's string patterns exclude them, and a stored one
    /// could not be written back in a Describe answer. A fixed-response body may hold tab, CR and LF.
    /// </summary>
    private static void RequirePrintable(string name, string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = char.IsControl(c) ? !(allowLineBreaks && c is '\t' or '\n' or '\r')
                : char.IsHighSurrogate(c) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[++i])
                : char.IsLowSurrogate(c) || c is '\uFFFE' or '\uFFFF';
            if (bad)
            {
                var member = name.Length == 0 || ReferenceEquals(name, text) ? "parameter name" : Lower(name);
                throw AlbApiError.Validation(
                    $"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must not contain control characters (found U+{(int)c:X4} at position {i})");
            }
        }
    }

    private static string Lower(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>The names of every parameter (unscoped), for diagnostics and tests.</summary>
    public IEnumerable<string> Names => _all.Keys;

    /// <summary>The admin endpoint's scheme and authority as the caller reached it (for <c>Location</c> answers).</summary>
    public string AdminOrigin { get; set; } = "";

    public string? Get(string name) => _all.GetValueOrDefault(_prefix + name);

    public string Require(string name) => Get(name) ?? throw AlbApiError.Missing(name);

    public bool Has(string name)
    {
        var full = _prefix + name;
        if (_all.ContainsKey(full))
        {
            return true;
        }

        var dotted = full + ".";
        return _all.Keys.Any(k => k.StartsWith(dotted, StringComparison.Ordinal));
    }

    public int? GetInt(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw AlbApiError.Validation($"Value '{text}' at '{Member(name)}' failed to satisfy constraint: Member must be a number");
        }

        if (value < min || value > max)
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{value}' at '{Member(name)}' failed to satisfy constraint: Member must have value {(value < min ? "greater than or equal to " + min : "less than or equal to " + max)}");
        }

        return value;
    }

    public bool? GetBool(string name)
    {
        var text = Get(name);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => throw AlbApiError.Validation($"Value '{text}' at '{Member(name)}' failed to satisfy constraint: Member must be a boolean"),
        };
    }

    /// <summary>The structures of list <c>name.member.N.*</c>, ordered by N; empty when absent or sent as <c>name=</c>.</summary>
    public IReadOnlyList<QueryParameters> Members(string name) =>
        Indexes(name).Select(n => new QueryParameters(_all, $"{_prefix}{name}.member.{n.ToString(CultureInfo.InvariantCulture)}.")).ToArray();

    /// <summary>The scalars of list <c>name.member.N</c>, ordered by N; null when the list is absent (empty list: <c>name=</c>).</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        var full = _prefix + name;
        var indexes = Indexes(name);
        if (indexes.Count == 0)
        {
            return _all.ContainsKey(full) ? [] : null;
        }

        return indexes.Select(n => _all.GetValueOrDefault($"{full}.member.{n.ToString(CultureInfo.InvariantCulture)}") ?? "").ToArray();
    }

    /// <summary>A nested structure <c>name.*</c>; null when no member of it was sent.</summary>
    public QueryParameters? Struct(string name) => Has(name) ? new QueryParameters(_all, $"{_prefix}{name}.") : null;

    /// <summary>A map <c>name.entry.N.key</c> / <c>name.entry.N.value</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries(string name)
    {
        var full = $"{_prefix}{name}.entry.";
        return NumberedSuffixes(full)
            .Select(n => new KeyValuePair<string, string>(
                _all.GetValueOrDefault($"{full}{n}.key") ?? "",
                _all.GetValueOrDefault($"{full}{n}.value") ?? ""))
            .ToArray();
    }

    private List<int> Indexes(string name) => NumberedSuffixes($"{_prefix}{name}.member.");

    private List<int> NumberedSuffixes(string listPrefix)
    {
        var indexes = new SortedSet<int>();
        foreach (var key in _all.Keys)
        {
            if (!key.StartsWith(listPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(listPrefix.Length);
            var dot = rest.IndexOf('.');
            var digits = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                indexes.Add(n);
            }
        }

        return [.. indexes];
    }

    private string Member(string name)
    {
        var full = _prefix + name;
        return char.ToLowerInvariant(full[0]) + full[1..];
    }
}
