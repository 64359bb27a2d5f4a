using System.Text.RegularExpressions;

namespace AlbEmulator.Configuration.Validators;

/// <summary><c>fixed-response</c> actions (ACT-30).</summary>
internal static partial class FixedResponseActionValidator
{
    public const int MaxMessageBodyLength = 1024;

    public static readonly string[] ContentTypes = ["text/plain", "text/css", "text/html", "application/javascript", "application/json"];

    public static void Check(ValidationContext context, string resource, string prefix, ActionConfig action)
    {
        var path = $"{prefix}.FixedResponseConfig";
        if (action.FixedResponseConfig is not { } config)
        {
            context.Add(resource, path, "FixedResponseConfig is required for Type 'fixed-response'");
            return;
        }

        if (config.StatusCode is null)
        {
            context.Add(resource, $"{path}.StatusCode", "StatusCode is required");
        }
        else if (!StatusCodePattern().IsMatch(config.StatusCode))
        {
            context.Add(resource, $"{path}.StatusCode", $"Status code '{config.StatusCode}' must match '^(2|4|5)\\d\\d$'");
        }

        if (config.ContentType is { } contentType && !ContentTypes.Contains(contentType))
        {
            context.Add(resource, $"{path}.ContentType",
                $"Content type '{contentType}' must be one of '{string.Join("', '", ContentTypes)}'");
        }

        if (config.MessageBody is { Length: > MaxMessageBodyLength })
        {
            context.Add(resource, $"{path}.MessageBody", $"MessageBody cannot be longer than {MaxMessageBodyLength} characters");
        }
    }

    [GeneratedRegex(@"^(2|4|5)\d\d$", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCodePattern();
}
