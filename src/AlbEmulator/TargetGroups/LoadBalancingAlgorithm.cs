namespace AlbEmulator.TargetGroups;

/// <summary><c>load_balancing.algorithm.type</c> (TG-40..TG-42).</summary>
public enum LoadBalancingAlgorithm
{
    RoundRobin,
    LeastOutstandingRequests,
    WeightedRandom,
}
