namespace AlbEmulator.Rules;

/// <summary>
/// Iterates the <c>&amp;</c>-separated parameters of a raw query string without allocating. Each
/// parameter is split at its first <c>=</c>; one without <c>=</c> has an empty value. Empty
/// parameters (<c>a=1&amp;&amp;b=2</c>, an empty query) are skipped. Nothing is decoded.
/// </summary>
internal ref struct QueryParameterEnumerator
{
    private ReadOnlySpan<char> _remaining;
    private bool _done;

    public QueryParameterEnumerator(ReadOnlySpan<char> query)
    {
        _remaining = query;
        _done = false;
        Current = default;
    }

    public QueryParameter Current { get; private set; }

    public readonly QueryParameterEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_done)
        {
            ReadOnlySpan<char> parameter;
            var amp = _remaining.IndexOf('&');
            if (amp < 0)
            {
                parameter = _remaining;
                _remaining = default;
                _done = true;
            }
            else
            {
                parameter = _remaining[..amp];
                _remaining = _remaining[(amp + 1)..];
            }

            if (parameter.IsEmpty)
            {
                continue;
            }

            var eq = parameter.IndexOf('=');
            Current = eq < 0
                ? new QueryParameter(parameter, default)
                : new QueryParameter(parameter[..eq], parameter[(eq + 1)..]);
            return true;
        }

        return false;
    }
}
