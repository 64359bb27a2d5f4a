using Microsoft.Extensions.Logging;

namespace AlbEmulator.Errors;

/// <summary>
/// What AlbEmulator adds to ALB-generated responses (config-format.md §3): one application-log line
/// naming the cause and the fix, and, only with <c>--diagnostics</c>, the same text in the
/// <c>X-AlbEmulator-Diagnostic</c> response header. Nothing else differs from ALB on the wire.
/// </summary>
public static partial class Diagnostics
{
    /// <summary>The explanation of one ALB-generated response. <paramref name="detail"/> adds the request's specifics.</summary>
    public static string Explain(AlbError error, string? method = null, string? version = null, string? detail = null)
    {
        var descriptor = AlbErrorCatalog.Get(error);
        var request = method is null || version is null || method == "-" ? "" : $" ({method} {version})";
        var specifics = string.IsNullOrEmpty(detail) ? "" : " " + detail;
        // Header values must stay on one line of visible ASCII.
        return Sanitize($"{descriptor.Title}{request}: {descriptor.Trigger}{specifics} Fix: {descriptor.Fix} [{descriptor.SpecId}]");
    }

    public static void LogAlbResponse(ILogger logger, AlbErrorDescriptor descriptor, int listenerPort, string explanation) =>
        LogAlbGeneratedResponse(logger, descriptor.StatusCode, descriptor.Error, listenerPort, explanation);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "ALB-generated {StatusCode} ({AlbError}) on listener {ListenerPort}: {Explanation}")]
    private static partial void LogAlbGeneratedResponse(ILogger logger, int statusCode, AlbError albError, int listenerPort, string explanation);

    private static string Sanitize(string text)
    {
        Span<char> buffer = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            buffer[i] = c is < ' ' or > '~' ? '?' : c;
        }

        return new string(buffer);
    }
}
