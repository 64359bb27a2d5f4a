namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The aws CLI tests start ~45 Python processes and the load test saturates both cores: they run
/// after the parallel tests, alone, so timing-sensitive tests (desync replay with a 2 s idle timeout)
/// never share the CPU with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ControlPlaneApiTestsCollection
{
    public const string Name = "ControlPlaneCli";
}
