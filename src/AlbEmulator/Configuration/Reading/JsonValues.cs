using System.Globalization;
using System.Text.Json;

namespace AlbEmulator.Configuration.Reading;

/// <summary>Scalar conversions with CloudFormation's leniency (numbers and booleans may be strings).</summary>
internal static class JsonValues
{
    public static string? ToString(JsonElement value, List<ConfigError> errors, string resource, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return value.GetRawText();
            default:
                errors.Add(new ConfigError(resource, path, JsonObjectReader.TypeMessage("String", value)));
                return null;
        }
    }

    public static int? ToInt(JsonElement value, List<ConfigError> errors, string resource, string path)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        errors.Add(new ConfigError(resource, path, JsonObjectReader.TypeMessage("Integer", value)));
        return null;
    }

    public static bool? ToBool(JsonElement value, List<ConfigError> errors, string resource, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when value.GetString() is "true" or "false":
                return value.GetString() == "true";
            default:
                errors.Add(new ConfigError(resource, path, JsonObjectReader.TypeMessage("Boolean", value)));
                return null;
        }
    }
}
