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
}
