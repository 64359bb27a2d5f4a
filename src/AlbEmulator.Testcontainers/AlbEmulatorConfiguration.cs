using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace AlbEmulator.Testcontainers;

/// <summary>The configuration of an <see cref="AlbEmulatorContainer"/> (everything lives in the container configuration).</summary>
public sealed class AlbEmulatorConfiguration : ContainerConfiguration
{
    /// <summary>An empty configuration.</summary>
    public AlbEmulatorConfiguration()
    {
    }

    /// <summary>From a Docker resource configuration.</summary>
    public AlbEmulatorConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>From a container configuration.</summary>
    public AlbEmulatorConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>A copy.</summary>
    public AlbEmulatorConfiguration(AlbEmulatorConfiguration resourceConfiguration)
        : this(new AlbEmulatorConfiguration(), resourceConfiguration)
    {
    }

    /// <summary>Two configurations merged (the new values win).</summary>
    public AlbEmulatorConfiguration(AlbEmulatorConfiguration oldValue, AlbEmulatorConfiguration newValue)
        : base(oldValue, newValue)
    {
    }
}
