using System.Text.Json;
using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration.Reading;

/// <summary>Reads the WAF members of the document; their content is checked by the WAF compiler (<c>WafConfigValidator</c>).</summary>
internal static class WafConfigReader
{
    public static WafConfig Read(JsonObjectReader root, List<ConfigError> errors)
    {
        var config = new WafConfig
        {
            WebACLs = Resources(root, "WebACLs", errors) ?? ValueList<WafResourceJson>.Empty,
            IPSets = Resources(root, "IPSets", errors) ?? ValueList<WafResourceJson>.Empty,
            RegexPatternSets = Resources(root, "RegexPatternSets", errors) ?? ValueList<WafResourceJson>.Empty,
            GeoLocations = root.ObjectList("GeoLocations", o => new GeoLocationConfig(o.String("Cidr"), o.String("CountryCode"), o.String("RegionCode")))
                ?? ValueList<GeoLocationConfig>.Empty,
        };
        return config.IsEmpty ? WafConfig.Empty : config;
    }

    private static ValueList<WafResourceJson>? Resources(JsonObjectReader root, string name, List<ConfigError> errors) =>
        root.List(name, (item, path, _) =>
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ConfigError("Config", path, JsonObjectReader.TypeMessage("Object", item)));
                return null;
            }

            var resourceName = item.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return new WafResourceJson(resourceName, item.GetRawText());
        });
}
