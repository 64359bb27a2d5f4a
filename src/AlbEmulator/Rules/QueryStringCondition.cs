using AlbEmulator.Configuration;

namespace AlbEmulator.Rules;

/// <summary>
/// <c>query-string</c> (RULE-24): a list of <c>{Key?, Value}</c> pairs, ASCII case-insensitive, with
/// wildcards (RULE-13) and <c>\*</c> / <c>\?</c> escapes. A pair without a key matches any parameter's
/// value. The condition matches when any pair matches any parameter. Keys and values are compared
/// raw and, per <see cref="RuleMatchingChoices.QueryStringAlsoMatchesDecoded"/>, decoded.
/// </summary>
internal sealed class QueryStringCondition : IRuleCondition
{
    private readonly Pair[] _pairs;

    public QueryStringCondition(IEnumerable<QueryStringKeyValueConfig> values)
    {
        _pairs =
        [
            .. values.Select(v => new Pair(
                v.Key is null ? null : WildcardPattern.Compile(v.Key, ignoreCase: true, allowEscapes: true),
                WildcardPattern.Compile(v.Value ?? string.Empty, ignoreCase: true, allowEscapes: true))),
        ];
    }

    public int Cost => 5;

    public bool Matches(in RuleMatchRequest request)
    {
        foreach (var parameter in new QueryParameterEnumerator(request.QuerySpan))
        {
            if (AnyPairMatches(parameter.Key, parameter.Value))
            {
                return true;
            }

            if (RuleMatchingChoices.QueryStringAlsoMatchesDecoded
                && (QueryComponentDecoder.NeedsDecoding(parameter.Key) || QueryComponentDecoder.NeedsDecoding(parameter.Value))
                && DecodedMatches(parameter.Key, parameter.Value))
            {
                return true;
            }
        }

        return false;
    }

    private bool DecodedMatches(ReadOnlySpan<char> rawKey, ReadOnlySpan<char> rawValue)
    {
        var keyBuffer = rawKey.Length <= QueryComponentDecoder.StackLimit
            ? stackalloc char[rawKey.Length]
            : new char[rawKey.Length];
        var valueBuffer = rawValue.Length <= QueryComponentDecoder.StackLimit
            ? stackalloc char[rawValue.Length]
            : new char[rawValue.Length];
        var key = keyBuffer[..QueryComponentDecoder.Decode(rawKey, keyBuffer)];
        var value = valueBuffer[..QueryComponentDecoder.Decode(rawValue, valueBuffer)];
        return AnyPairMatches(key, value);
    }

    private bool AnyPairMatches(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        foreach (var pair in _pairs)
        {
            if ((pair.Key is null || pair.Key.IsMatch(key)) && pair.Value.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Pair(WildcardPattern? Key, WildcardPattern Value);
}
