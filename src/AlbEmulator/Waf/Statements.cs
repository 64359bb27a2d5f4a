using System.Net;
using System.Text.RegularExpressions;
using AlbEmulator.Rules;

namespace AlbEmulator.Waf;

/// <summary>A compiled WAFv2 rule statement.</summary>
public abstract class WafStatement
{
    public abstract bool Matches(WafEvaluation evaluation);
}

/// <summary>
/// A statement that inspects a <see cref="FieldToMatch"/> after <c>TextTransformations</c>: it matches
/// when any extracted value passes <see cref="Test"/> (or oversize/fallback handling decides).
/// </summary>
public abstract class InspectingStatement(FieldToMatch field, IReadOnlyList<string> transformations) : WafStatement
{
    public FieldToMatch Field { get; } = field;

    public IReadOnlyList<string> Transformations { get; } = transformations;

    /// <summary>The matched text, or null. Sets no state.</summary>
    protected abstract string? Test(string value);

    /// <summary>WAF log <c>conditionType</c> for statements that report match details (SQLi, XSS), else null.</summary>
    protected virtual string? ConditionType => null;

    public override bool Matches(WafEvaluation evaluation)
    {
        var values = evaluation.RentValues();
        try
        {
            var outcome = Field.Extract(evaluation.Request, values);
            if (outcome != FieldOutcome.Inspect)
            {
                return outcome == FieldOutcome.Match;
            }

            foreach (var value in values)
            {
                var transformed = TextTransformations.ApplyAll(Transformations, value);
                if (Test(transformed) is { } matched)
                {
                    if (ConditionType is { } condition)
                    {
                        evaluation.LastMatchDetail = new WafMatchDetail(condition, Field.Location, InjectionDetectors.Tokens(matched), (this as SqliMatchStatement)?.Sensitivity);
                    }

                    return true;
                }
            }

            return false;
        }
        finally
        {
            evaluation.ReturnValues(values);
        }
    }
}

/// <summary><c>ByteMatchStatement</c>: <c>SearchString</c> at the <c>PositionalConstraint</c> (case-sensitive; use LOWERCASE).</summary>
public sealed class ByteMatchStatement(FieldToMatch field, IReadOnlyList<string> transformations, string searchString, string positionalConstraint) : InspectingStatement(field, transformations)
{
    protected override string? Test(string value)
    {
        var found = positionalConstraint switch
        {
            "EXACTLY" => string.Equals(value, searchString, StringComparison.Ordinal),
            "STARTS_WITH" => value.StartsWith(searchString, StringComparison.Ordinal),
            "ENDS_WITH" => value.EndsWith(searchString, StringComparison.Ordinal),
            "CONTAINS" => value.Contains(searchString, StringComparison.Ordinal),
            _ => ContainsWord(value, searchString),
        };
        return found ? searchString : null;
    }

    /// <summary>CONTAINS_WORD: the string appears with a non-word character (or the start/end) on both sides.</summary>
    private static bool ContainsWord(string value, string word)
    {
        if (word.Length == 0)
        {
            return false;
        }

        var start = 0;
        while ((start = value.IndexOf(word, start, StringComparison.Ordinal)) >= 0)
        {
            var before = start == 0 || !IsWordChar(value[start - 1]);
            var end = start + word.Length;
            var after = end == value.Length || !IsWordChar(value[end]);
            if (before && after)
            {
                return true;
            }

            start++;
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}

/// <summary><c>RegexMatchStatement</c> and <c>RegexPatternSetReferenceStatement</c>: any of the patterns matches.</summary>
public sealed class RegexStatement(FieldToMatch field, IReadOnlyList<string> transformations, IReadOnlyList<Regex> patterns) : InspectingStatement(field, transformations)
{
    protected override string? Test(string value)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Match(value) is { Success: true } m)
            {
                return m.Value;
            }
        }

        return null;
    }
}

/// <summary><c>SizeConstraintStatement</c>: the byte length of the (transformed) component against <c>Size</c>.</summary>
public sealed class SizeConstraintStatement(FieldToMatch field, IReadOnlyList<string> transformations, string comparison, long size) : InspectingStatement(field, transformations)
{
    protected override string? Test(string value)
    {
        long length = value.Length;
        var matches = comparison switch
        {
            "EQ" => length == size,
            "NE" => length != size,
            "LE" => length <= size,
            "LT" => length < size,
            "GE" => length >= size,
            _ => length > size,
        };
        return matches ? "" : null;
    }
}

/// <summary><c>SqliMatchStatement</c> (<see cref="InjectionDetectors"/>).</summary>
public sealed class SqliMatchStatement(FieldToMatch field, IReadOnlyList<string> transformations, string sensitivity) : InspectingStatement(field, transformations)
{
    public string Sensitivity { get; } = sensitivity;

    protected override string? ConditionType => "SQL_INJECTION";

    protected override string? Test(string value) => InjectionDetectors.DetectSqli(value, Sensitivity == "HIGH");
}

/// <summary><c>XssMatchStatement</c> (<see cref="InjectionDetectors"/>).</summary>
public sealed class XssMatchStatement(FieldToMatch field, IReadOnlyList<string> transformations) : InspectingStatement(field, transformations)
{
    protected override string? ConditionType => "XSS";

    protected override string? Test(string value) => InjectionDetectors.DetectXss(value);
}

/// <summary>An address taken from a header instead of the peer (<c>ForwardedIPConfig</c>).</summary>
public sealed record ForwardedIpSource(string HeaderName, bool FallbackMatch, string Position)
{
    /// <summary>Addresses to check, or null when the header is missing or invalid (then the fallback decides).</summary>
    public IReadOnlyList<IPAddress>? Addresses(WafRequest request)
    {
        var header = request.Header(HeaderName);
        if (header is null)
        {
            return null;
        }

        var parts = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        // WAF inspects at most the last 10 addresses of the header.
        var candidates = Position switch
        {
            "LAST" => [parts[^1]],
            "ANY" => parts.TakeLast(10).ToArray(),
            _ => [parts[0]],
        };
        var addresses = new List<IPAddress>(candidates.Length);
        foreach (var candidate in candidates)
        {
            if (!IPAddress.TryParse(candidate, out var address))
            {
                return null;
            }

            addresses.Add(address);
        }

        return addresses;
    }
}

/// <summary><c>IPSetReferenceStatement</c>: the client (or forwarded) address is in the IP set.</summary>
internal sealed class IpSetStatement(IReadOnlyList<IpNetwork> networks, ForwardedIpSource? forwarded) : WafStatement
{
    public override bool Matches(WafEvaluation evaluation)
    {
        if (forwarded is null)
        {
            return Contains(evaluation.Request.ClientIp);
        }

        var addresses = forwarded.Addresses(evaluation.Request);
        return addresses is null ? forwarded.FallbackMatch : addresses.Any(Contains);
    }

    private bool Contains(IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// <c>GeoMatchStatement</c>: the country of the client (or forwarded) address, from the [ext] geo table,
/// is one of <c>CountryCodes</c>. Like WAF, evaluating it adds the <c>awswaf:clientip:geo:country:XX</c>
/// (or <c>forwardedip</c>) and region labels.
/// </summary>
public sealed class GeoMatchStatement(IReadOnlyList<string> countryCodes, ForwardedIpSource? forwarded) : WafStatement
{
    public override bool Matches(WafEvaluation evaluation)
    {
        IPAddress? address = evaluation.Request.ClientIp;
        if (forwarded is not null)
        {
            var addresses = forwarded.Addresses(evaluation.Request);
            if (addresses is null)
            {
                return forwarded.FallbackMatch;
            }

            address = addresses[0];
        }

        var geo = evaluation.Request.Geo.Lookup(address);
        if (geo is not { } found)
        {
            return false;
        }

        var source = forwarded is null ? "clientip" : "forwardedip";
        evaluation.AddLabel($"awswaf:{source}:geo:country:{found.Country}");
        if (found.Region is { } region)
        {
            evaluation.AddLabel($"awswaf:{source}:geo:region:{region}");
        }

        if (forwarded is null)
        {
            evaluation.Country = found.Country;
        }

        return countryCodes.Contains(found.Country, StringComparer.Ordinal);
    }
}

/// <summary><c>LabelMatchStatement</c>: a label added by an earlier rule (LABEL: the name with any namespace prefix; NAMESPACE: a namespace).</summary>
public sealed class LabelMatchStatement(string scope, string key) : WafStatement
{
    public override bool Matches(WafEvaluation evaluation)
    {
        foreach (var label in evaluation.Labels)
        {
            if (scope == "LABEL")
            {
                if (label == key || label.EndsWith(":" + key, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            else
            {
                var colon = label.LastIndexOf(':');
                var ns = colon < 0 ? "" : label[..(colon + 1)];
                var wanted = key.EndsWith(':') ? key : key + ":";
                if (ns.StartsWith(wanted, StringComparison.Ordinal) || (":" + ns).Contains(":" + wanted, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

public sealed class AndStatement(IReadOnlyList<WafStatement> statements) : WafStatement
{
    public override bool Matches(WafEvaluation evaluation)
    {
        foreach (var statement in statements)
        {
            if (!statement.Matches(evaluation))
            {
                return false;
            }
        }

        return true;
    }
}

public sealed class OrStatement(IReadOnlyList<WafStatement> statements) : WafStatement
{
    public override bool Matches(WafEvaluation evaluation)
    {
        foreach (var statement in statements)
        {
            if (statement.Matches(evaluation))
            {
                return true;
            }
        }

        return false;
    }
}

public sealed class NotStatement(WafStatement statement) : WafStatement
{
    public override bool Matches(WafEvaluation evaluation)
    {
        var detail = evaluation.LastMatchDetail;
        var result = !statement.Matches(evaluation);
        evaluation.LastMatchDetail = detail;
        return result;
    }
}
