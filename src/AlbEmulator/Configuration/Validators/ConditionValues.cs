namespace AlbEmulator.Configuration.Validators;

/// <summary>Character and length rules for condition values (RULE-20 .. RULE-25).</summary>
internal static class ConditionValues
{
    public const int MaxValueLength = 128;

    private const string HostChars = "-.*?";
    private const string PathChars = "_-.$/~\"'@:+&*?";
    private const string MethodChars = "-_";
    private const string TokenChars = "!#$%&'+-.^_`|~";

    /// <summary>RULE-20: <c>A-Z a-z 0-9 - . * ?</c>.</summary>
    public static bool IsHostValue(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || HostChars.Contains(c));

    /// <summary>RULE-21: <c>A-Z a-z 0-9 _ - . $ / ~ " ' @ : + &amp; * ?</c>.</summary>
    public static bool IsPathValue(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || PathChars.Contains(c));

    /// <summary>RULE-23: <c>A-Z - _</c>.</summary>
    public static bool IsMethodValue(string value) => value.All(c => char.IsAsciiLetterUpper(c) || MethodChars.Contains(c));

    /// <summary>RULE-22: an RFC 7230 token without wildcards.</summary>
    public static bool IsHeaderName(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || TokenChars.Contains(c));

    /// <summary>RULE-25: an IPv4 or IPv6 CIDR block.</summary>
    public static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0 || !System.Net.IPAddress.TryParse(value.AsSpan(0, slash), out var address))
        {
            return false;
        }

        var maxBits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        var bits = value.AsSpan(slash + 1);
        return bits.Length is > 0 and <= 3 && bits.IndexOfAnyExceptInRange('0', '9') < 0 && int.Parse(bits) <= maxBits;
    }

    /// <summary>Number of unescaped <c>*</c> and <c>?</c> wildcards (RULE-4 counts them per rule).</summary>
    public static int CountWildcards(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] is '*' or '?')
            {
                count++;
            }
        }

        return count;
    }
}
