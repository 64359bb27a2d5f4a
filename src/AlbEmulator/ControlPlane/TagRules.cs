using System.Text.RegularExpressions;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// ELBv2 tag constraints (the model's TagKey / TagValue): a key of 1–128 and a value of 0–256
/// characters from letters, digits, spaces and <c>_ . : / = + - @</c>; keys starting with <c>aws:</c>
/// are reserved for AWS. A violation is <c>ValidationError</c>.
/// </summary>
internal static partial class TagRules
{
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;

    public static KeyValuePair<string, string> Check(string key, string value)
    {
        CheckKey(key, "tags.member.key");
        if (value.Length > MaxValueLength)
        {
            throw AlbApiError.Validation($"1 validation error detected: Value at 'tags.member.value' failed to satisfy constraint: Member must have length less than or equal to {MaxValueLength}");
        }

        if (!Allowed().IsMatch(value))
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{value}' at 'tags.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: {Allowed()}");
        }

        return new(key, value);
    }

    public static void CheckKey(string key, string member)
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{(key.Length > 40 ? key[..40] + "..." : key)}' at '{member}' failed to satisfy constraint: Member must have length between 1 and {MaxKeyLength}");
        }

        if (!Allowed().IsMatch(key))
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{key}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {Allowed()}");
        }

        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw AlbApiError.Validation($"Tag key '{key}' is not allowed: keys starting with 'aws:' are reserved for AWS use");
        }
    }

    [GeneratedRegex(@"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
