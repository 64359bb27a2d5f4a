namespace AlbEmulator.Tests.Common;

/// <summary>One case of the http-desync-guardian YAML suite, already unescaped a second time.</summary>
public sealed record DesyncConformanceCase(
    string File,
    int Index,
    string Name,
    string Method,
    string Uri,
    string Version,
    IReadOnlyList<(string Name, string Value)> Headers,
    string ExpectedTier,
    string ExpectedReason)
{
    /// <summary>
    /// The raw request exactly as the library's harness builds it:
    /// <c>"{method} {uri} {version}\r\n" + "{name}: {value}\r\n"… + "\r\n"</c>, UTF-8 encoded (so an
    /// unescaped <c>\xff</c> becomes C3 BF).
    /// </summary>
    public byte[] ToRawRequest()
    {
        var text = new System.Text.StringBuilder();
        text.Append(Method).Append(' ').Append(Uri).Append(' ').Append(Version).Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// <see cref="ToRawRequest"/> with <c>Host: alb.test</c> added as the last header line (the suite's requests have
    /// none, and ALB answers an HTTP/1.1 request without Host with 400, HDR-21). A header put first would turn a
    /// following whitespace-led line into an obs-fold continuation and change the classification; last, it is
    /// compliant and changes none.
    /// </summary>
    public byte[] ToRawRequestWithHost()
    {
        var raw = ToRawRequest();
        var headEnd = raw.AsSpan().LastIndexOf("\r\n\r\n"u8) + 2;
        return [.. raw.AsSpan(0, headEnd), .. "Host: alb.test\r\n"u8, .. raw.AsSpan(headEnd)];
    }

    /// <summary>Length of the first head of <paramref name="raw"/> (up to and including its first empty CRLF line).</summary>
    public static int HeadLength(byte[] raw)
    {
        var crlf = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        return crlf < 0 ? raw.Length : crlf + 4;
    }
}
