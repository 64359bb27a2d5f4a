namespace AlbEmulator.Rules;

/// <summary>One raw <c>key=value</c> parameter of a query string (not decoded).</summary>
internal readonly ref struct QueryParameter
{
    public QueryParameter(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        Key = key;
        Value = value;
    }

    public ReadOnlySpan<char> Key { get; }

    /// <summary>Empty for a parameter without <c>=</c>.</summary>
    public ReadOnlySpan<char> Value { get; }
}
