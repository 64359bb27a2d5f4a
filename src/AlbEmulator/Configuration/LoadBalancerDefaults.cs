namespace AlbEmulator.Configuration;

/// <summary>Defaults of the load balancer resource.</summary>
public static class LoadBalancerDefaults
{
    /// <summary>The load balancer name when the config does not give one.</summary>
    public const string Name = "local-alb";

    /// <summary>Most names (load balancer, target group) may have (alb-observability-api §4.5).</summary>
    public const int MaxNameLength = 32;
}
