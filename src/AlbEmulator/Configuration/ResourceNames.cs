namespace AlbEmulator.Configuration;

/// <summary>How resources are named in <see cref="ConfigError.Resource"/>; shared by reader and validator.</summary>
internal static class ResourceNames
{
    public static string LoadBalancer(string? name) =>
        $"LoadBalancer '{(string.IsNullOrEmpty(name) ? LoadBalancerDefaults.Name : name)}'";

    public static string Listener(int? port, int index) =>
        port is >= 1 and <= 65535 ? $"Listener {port}" : $"Listeners[{index}]";

    public static string Rule(string listener, int? priority, int index) =>
        priority is not null ? $"{listener} rule {priority}" : $"{listener} Rules[{index}]";

    public static string TargetGroup(string? name, int index) =>
        string.IsNullOrEmpty(name) ? $"TargetGroups[{index}]" : $"TargetGroup '{name}'";

    public static string TrustStore(string? name, int index) =>
        string.IsNullOrEmpty(name) ? $"TrustStores[{index}]" : $"TrustStore '{name}'";
}
