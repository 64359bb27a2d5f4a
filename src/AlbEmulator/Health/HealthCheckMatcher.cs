using System.Globalization;

namespace AlbEmulator.Health;

/// <summary>
/// <c>Matcher.HttpCode</c> / <c>Matcher.GrpcCode</c>: a single code, a comma-separated list
/// (<c>"200,202"</c>) or a range (<c>"200-299"</c>), or a list mixing both (HC-1).
/// </summary>
public sealed class HealthCheckMatcher
{
    private readonly (int From, int To)[] _ranges;

    private HealthCheckMatcher(string text, (int From, int To)[] ranges)
    {
        Text = text;
        _ranges = ranges;
    }

    public string Text { get; }

    /// <summary>Parses a matcher; invalid parts are skipped (the validator has rejected them already).</summary>
    public static HealthCheckMatcher Parse(string text)
    {
        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0
                && int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                ranges.Add((Math.Min(from, to), Math.Max(from, to)));
            }
            else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                ranges.Add((code, code));
            }
        }

        return new HealthCheckMatcher(text, [.. ranges]);
    }

    public bool Matches(int code)
    {
        foreach (var (from, to) in _ranges)
        {
            if (code >= from && code <= to)
            {
                return true;
            }
        }

        return false;
    }
}
