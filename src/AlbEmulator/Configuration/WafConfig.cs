using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration;

/// <summary>
/// The AWS WAF part of the document (config-format.md §5): <c>WebACLs</c>, <c>IPSets</c> and
/// <c>RegexPatternSets</c> in the <c>AWS::WAFv2::*</c> vocabulary, kept as the JSON the user wrote (the
/// WAF compiler in <c>Waf/</c> reads and checks them, for the config and the WAFv2 API alike), and
/// [ext] <c>GeoLocations</c>, the address → country table for geo match statements.
/// </summary>
public sealed record WafConfig
{
    public static readonly WafConfig Empty = new();

    public ValueList<WafResourceJson> WebACLs { get; init; } = ValueList<WafResourceJson>.Empty;

    public ValueList<WafResourceJson> IPSets { get; init; } = ValueList<WafResourceJson>.Empty;

    public ValueList<WafResourceJson> RegexPatternSets { get; init; } = ValueList<WafResourceJson>.Empty;

    public ValueList<GeoLocationConfig> GeoLocations { get; init; } = ValueList<GeoLocationConfig>.Empty;

    public bool IsEmpty => WebACLs.Count == 0 && IPSets.Count == 0 && RegexPatternSets.Count == 0 && GeoLocations.Count == 0;
}

/// <summary>One WAF resource as written: its <c>Name</c> (when it has one) and its JSON text.</summary>
public sealed record WafResourceJson(string? Name, string Json);

/// <summary>[ext] <c>{ "Cidr": "203.0.113.0/24", "CountryCode": "DE", "RegionCode": "DE-BE" }</c>.</summary>
public sealed record GeoLocationConfig(string? Cidr, string? CountryCode, string? RegionCode);
