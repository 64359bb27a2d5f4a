using AlbEmulator.Health;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// One entry of <c>describe-target-health</c>: Target (Id, Port), HealthCheckPort and TargetHealth
/// (State, Reason, Description), plus the AnomalyDetection block for weighted_random groups (TG-42).
/// </summary>
public sealed record TargetHealthDescription(TargetDescription Target, string HealthCheckPort, TargetHealth TargetHealth, TargetAnomalyDetection? AnomalyDetection = null);

/// <summary><c>AnomalyDetection</c> of describe-target-health: Result <c>normal</c>/<c>anomalous</c>, MitigationInEffect <c>yes</c>/<c>no</c>.</summary>
public sealed record TargetAnomalyDetection(string Result, string MitigationInEffect);

/// <summary>Healthy and unhealthy host counts of one group (CloudWatch HealthyHostCount / UnHealthyHostCount).</summary>
public sealed record TargetGroupHostCount(string TargetGroupFullName, int Healthy, int Unhealthy);
