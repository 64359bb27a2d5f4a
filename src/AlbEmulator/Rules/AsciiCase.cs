namespace AlbEmulator.Rules;

/// <summary>ASCII-only character helpers: ALB rule matching is defined on ASCII (RULE-12).</summary>
internal static class AsciiCase
{
    /// <summary>Lower-cases A–Z; every other character is returned unchanged.</summary>
    public static char ToLower(char c) => (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;

    /// <summary>True for the control characters 0x00–0x1F and 0x7F (RULE-12).</summary>
    public static bool IsControl(char c) => c < 0x20 || c == 0x7F;

    /// <summary>Returns <paramref name="value"/> with A–Z lower-cased; the same instance when nothing changes.</summary>
    public static string ToLower(string value)
    {
        var i = 0;
        while (i < value.Length && ToLower(value[i]) == value[i])
        {
            i++;
        }

        if (i == value.Length)
        {
            return value;
        }

        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var j = 0; j < source.Length; j++)
            {
                span[j] = ToLower(source[j]);
            }
        });
    }
}
