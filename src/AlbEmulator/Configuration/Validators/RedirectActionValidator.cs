using System.Globalization;
using System.Text.RegularExpressions;

namespace AlbEmulator.Configuration.Validators;

/// <summary><c>redirect</c> actions (ACT-20), including the loop protection and HTTPS-to-HTTP rule.</summary>
internal static partial class RedirectActionValidator
{
    public const int MaxComponentLength = 128;

    public static void Check(ValidationContext context, string resource, string prefix, ActionConfig action, string? listenerProtocol)
    {
        var path = $"{prefix}.RedirectConfig";
        if (action.RedirectConfig is not { } config)
        {
            context.Add(resource, path, "RedirectConfig is required for Type 'redirect'");
            return;
        }

        if (config.StatusCode is null)
        {
            context.Add(resource, $"{path}.StatusCode", "StatusCode is required");
        }
        else if (config.StatusCode is not ("HTTP_301" or "HTTP_302"))
        {
            context.Add(resource, $"{path}.StatusCode", $"Status code '{config.StatusCode}' must be one of 'HTTP_301', 'HTTP_302'");
        }

        if (config.Protocol is { } protocol)
        {
            if (!ProtocolPattern().IsMatch(protocol))
            {
                context.Add(resource, $"{path}.Protocol", $"Protocol '{protocol}' must match '^(HTTPS?|#\\{{protocol\\}})$'");
            }
            else if (protocol == "HTTP" && listenerProtocol == "HTTPS")
            {
                context.Add(resource, $"{path}.Protocol", "Redirects from HTTPS to HTTP are not allowed");
            }
        }

        if (config.Port is { } port && port != "#{port}" && !IsPort(port))
        {
            context.Add(resource, $"{path}.Port", $"Port '{port}' must be between 1 and 65535 or '#{{port}}'");
        }

        CheckLength(context, resource, $"{path}.Host", "Host", config.Host, 1);
        CheckLength(context, resource, $"{path}.Path", "Path", config.Path, 1);
        if (config.Path is { Length: > 0 } p && !p.StartsWith('/'))
        {
            context.Add(resource, $"{path}.Path", $"Path '{p}' must start with '/'");
        }

        CheckLength(context, resource, $"{path}.Query", "Query", config.Query, 0);

        // Loop protection: at least one of protocol, host, port, path must change.
        if (Unchanged(config.Protocol, "#{protocol}") && Unchanged(config.Host, "#{host}")
            && Unchanged(config.Port, "#{port}") && Unchanged(config.Path, "/#{path}"))
        {
            context.Add(resource, path,
                "The redirect must change at least one of protocol, host, port or path, otherwise it would redirect to itself");
        }
    }

    private static bool Unchanged(string? value, string keyword) => value is null || value == keyword;

    private static void CheckLength(ValidationContext context, string resource, string path, string name, string? value, int min)
    {
        if (value is not null && (value.Length < min || value.Length > MaxComponentLength))
        {
            context.Add(resource, path, $"{name} must be between {min} and {MaxComponentLength} characters long");
        }
    }

    private static bool IsPort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;

    [GeneratedRegex(@"^(HTTPS?|#\{protocol\})$", RegexOptions.CultureInvariant)]
    private static partial Regex ProtocolPattern();
}
