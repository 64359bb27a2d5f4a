namespace AlbEmulator.Lambda;

/// <summary>
/// Splits a raw query string into key/value pairs for the event, still URL-encoded (LAM-12): fields
/// separated by <c>&amp;</c>, key and value by the first <c>=</c>; a field without <c>=</c> has the
/// value <c>""</c>; empty fields are skipped [EMU].
/// </summary>
public static class LambdaQueryString
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
        {
            return pairs;
        }

        foreach (var field in rawQuery.Split('&'))
        {
            if (field.Length == 0)
            {
                continue;
            }

            var equals = field.IndexOf('=');
            pairs.Add(equals < 0
                ? new KeyValuePair<string, string>(field, "")
                : new KeyValuePair<string, string>(field[..equals], field[(equals + 1)..]));
        }

        return pairs;
    }
}
