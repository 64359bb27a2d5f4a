namespace AlbEmulator.FunctionalTests;

/// <summary>Tests that bind the real default ports (8080, 8081) or change the working directory: run alone.</summary>
[CollectionDefinition("FixedPorts", DisableParallelization = true)]
public sealed class FixedPortsCollection
{
    public const string Name = "FixedPorts";
}
