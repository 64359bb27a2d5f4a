namespace AlbEmulator.Health;

/// <summary>Target health states of the ELBv2 API enum that an ALB uses (HC-20; <c>unhealthy.draining</c> is NLB only).</summary>
public enum TargetHealthState
{
    Initial,
    Healthy,
    Unhealthy,
    Unused,
    Draining,
    Unavailable,
}
