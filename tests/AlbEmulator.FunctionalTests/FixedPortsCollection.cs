using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Tests that bind the real default ports (8080, 8081) or change the working directory: run alone, in this process
/// (no parallelisation) and across processes (<see cref="FixedPortsLock"/>: other test runs on the same machine).
/// </summary>
[CollectionDefinition("FixedPorts", DisableParallelization = true)]
public sealed class FixedPortsCollection : ICollectionFixture<FixedPortsLock>
{
    public const string Name = "FixedPorts";
}
