using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;

namespace AlbEmulator.Forwarding.Http1;

/// <summary>
/// Header names on the HTTP/1.1 connection to a target.
/// <list type="bullet">
/// <item>Requests of HTTP/2 clients (TG-21): seven names in mixed case, every other name in lower case.</item>
/// <item>Requests of HTTP/1.x clients: the names as .NET's HTTP client has always written them here (its own spelling
/// of the names it knows, such as <c>X-Request-ID</c>; other names as received), request headers before content
/// headers.</item>
/// <item>Responses: the names as the client receives them (.NET's spelling of the names it knows), and whether .NET
/// files them as content headers (copied after the others, as YARP copies them).</item>
/// </list>
/// The .NET spellings and roles come from .NET's own header collections, once per distinct name (bounded cache).
/// </summary>
internal static class Http1HeaderNames
{
    private const int MaxCached = 4096;

    private static readonly FrozenDictionary<string, string> MixedCase = new[]
    {
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Port", "Host", "X-Amzn-Trace-Id", "Upgrade", "Connection",
    }.ToFrozenDictionary(n => n, StringComparer.OrdinalIgnoreCase);

    private static readonly ConcurrentDictionary<string, Name> RequestNames = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Name> ResponseNames = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Name>.AlternateLookup<ReadOnlySpan<char>> ResponseNamesBySpan = ResponseNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Where a header goes in .NET's model.</summary>
    public enum Role : byte
    {
        /// <summary>A request (or response) header.</summary>
        Header,

        /// <summary>A content header (Content-Type, Content-Length, Expires, ...): written after the others.</summary>
        Content,

        /// <summary>.NET refuses the name: the header is not forwarded.</summary>
        Refused,
    }

    /// <summary>A header name as written, its role, and its spellings.</summary>
    public sealed class Name(string wire, Role role)
    {
        public string Wire { get; } = wire;

        public Role Role { get; } = role;

        /// <summary>As written on the request of an HTTP/2 client (TG-21).</summary>
        public string Downgraded { get; } = MixedCaseName(wire) ?? wire.ToLowerInvariant();

        /// <summary><c>Wire: </c> in Latin-1.</summary>
        public byte[] WireLine { get; } = Encoding.Latin1.GetBytes(wire + ": ");

        /// <summary><c>Downgraded: </c> in Latin-1.</summary>
        public byte[] DowngradedLine { get; } = Encoding.Latin1.GetBytes((MixedCaseName(wire) ?? wire.ToLowerInvariant()) + ": ");

        /// <summary>Several values are joined with a space (User-Agent, as .NET's product parser does), not ", ".</summary>
        public bool SpaceSeparated { get; } = string.Equals(wire, "User-Agent", StringComparison.OrdinalIgnoreCase);

        public bool IsContentLength { get; } = string.Equals(wire, "Content-Length", StringComparison.OrdinalIgnoreCase);
    }

    public static string OnTheWire(string name) => MixedCaseName(name) ?? name.ToLowerInvariant();

    /// <summary>The mixed-case spelling of one of the seven names, or null (the name goes in lower case).</summary>
    public static string? MixedCaseName(string name) => MixedCase.TryGetValue(name, out var mixed) ? mixed : null;

    /// <summary>A request header name as received from Kestrel.</summary>
    public static Name Request(string name)
    {
        if (RequestNames.TryGetValue(name, out var known))
        {
            return known;
        }

        var computed = ComputeRequest(name);
        if (RequestNames.Count < MaxCached)
        {
            RequestNames.TryAdd(name, computed);
        }

        return computed;
    }

    /// <summary>A response header name as received from the target (Latin-1 bytes).</summary>
    public static Name Response(ReadOnlySpan<byte> name)
    {
        Span<char> chars = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        Encoding.Latin1.GetChars(name, chars);
        if (ResponseNamesBySpan.TryGetValue(chars, out var known))
        {
            return known;
        }

        var text = new string(chars);
        var computed = ComputeResponse(text);
        if (ResponseNames.Count < MaxCached)
        {
            ResponseNames.TryAdd(text, computed);
        }

        return computed;
    }

    private static Name ComputeRequest(string name)
    {
        using (var message = new HttpRequestMessage())
        {
            if (message.Headers.TryAddWithoutValidation(name, "x"))
            {
                return new Name(First(message.Headers) ?? name, Role.Header);
            }
        }

        using var content = new ByteArrayContent([]);
        return content.Headers.TryAddWithoutValidation(name, "x")
            ? new Name(First(content.Headers) ?? name, Role.Content)
            : new Name(name, Role.Refused);
    }

    private static Name ComputeResponse(string name)
    {
        using (var message = new HttpResponseMessage())
        {
            if (message.Headers.TryAddWithoutValidation(name, "x"))
            {
                return new Name(First(message.Headers) ?? name, Role.Header);
            }
        }

        using (var content = new ByteArrayContent([]))
        {
            if (content.Headers.TryAddWithoutValidation(name, "x"))
            {
                return new Name(First(content.Headers) ?? name, Role.Content);
            }
        }

        // A request-only name in a response: .NET keeps it as a custom header under its own spelling.
        var request = ComputeRequest(name);
        return request.Role == Role.Refused ? request : new Name(request.Wire, Role.Header);
    }

    private static string? First(System.Net.Http.Headers.HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            return header.Key;
        }

        return null;
    }
}
