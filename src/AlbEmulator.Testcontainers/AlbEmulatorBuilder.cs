using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace AlbEmulator.Testcontainers;

/// <summary>
/// Builds an AlbEmulator container: <c>new AlbEmulatorBuilder().WithConfig(json).Build()</c>, then
/// <c>StartAsync()</c>. The config document goes to <c>/etc/alb-emulator/alb.json</c>; every listener port it names
/// is published on a random host port; the admin endpoint (port 8081 inside) is published too and the container
/// counts as started once <c>GET /healthz</c> answers 200. The access log goes to the container's stdout.
/// Every other <see cref="ContainerBuilder{TBuilderEntity, TContainerEntity, TConfigurationEntity}"/> method (networks,
/// environment, extra hosts) works as usual. docs/testing-containers.md.
/// </summary>
public sealed class AlbEmulatorBuilder : ContainerBuilder<AlbEmulatorBuilder, AlbEmulatorContainer, AlbEmulatorConfiguration>
{
    /// <summary>
    /// The image built from the repository's Dockerfile with <c>docker build -t alb-emulator .</c> (or podman).
    /// No registry publishes it: build it first, or pass another name to the constructor.
    /// </summary>
    public const string DefaultImage = "alb-emulator:latest";

    /// <summary>The admin endpoint's port inside the container (ELBv2 API, /healthz, /metrics, /targets, the console).</summary>
    public const ushort AdminPort = 8081;

    /// <summary>Where the config document is placed (the image's entry point reads it).</summary>
    public const string ConfigPath = "/etc/alb-emulator/alb.json";

    /// <summary>A builder for <see cref="DefaultImage"/>.</summary>
    public AlbEmulatorBuilder()
        : this(DefaultImage)
    {
    }

    /// <summary>A builder for another image name (a tag of your own build, e.g. <c>localhost/alb-emulator:dev</c>).</summary>
    public AlbEmulatorBuilder(string image)
        : this(new AlbEmulatorConfiguration())
    {
        DockerResourceConfiguration = Init().WithImage(image).DockerResourceConfiguration;
    }

    private AlbEmulatorBuilder(AlbEmulatorConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    /// <inheritdoc />
    protected override AlbEmulatorConfiguration DockerResourceConfiguration { get; }

    /// <summary>
    /// The emulator's config document (JSON, the format of docs/configuration.md). Every listener port it names
    /// (<c>Listeners[].Port</c>, <c>LoadBalancers[].Listeners[].Port</c>) is published on a random host port.
    /// </summary>
    public AlbEmulatorBuilder WithConfig(string json)
    {
        var builder = WithResourceMapping(Encoding.UTF8.GetBytes(json), FilePath.Of(ConfigPath));
        foreach (var port in ListenerPorts(json))
        {
            builder = builder.WithPortBinding(port, assignRandomHostPort: true);
        }

        return builder;
    }

    /// <summary>Publishes one more listener port (e.g. for a listener created through the ELBv2 API at run time).</summary>
    public AlbEmulatorBuilder WithListenerPort(int port) => WithPortBinding(port, assignRandomHostPort: true);

    /// <inheritdoc />
    public override AlbEmulatorContainer Build()
    {
        Validate();
        return new AlbEmulatorContainer(DockerResourceConfiguration);
    }

    /// <inheritdoc />
    protected override AlbEmulatorBuilder Init() => base.Init()
        .WithPortBinding(AdminPort, assignRandomHostPort: true)
        // The admin endpoint listens on 127.0.0.1 inside by default: open it to the published port.
        .WithEnvironment("ALB_EMULATOR_ADMIN_URL", $"http://0.0.0.0:{AdminPort}")
        // stdout carries the access-log lines only (the banner and the application log go to stderr).
        .WithEnvironment("ALB_EMULATOR_ACCESS_LOG", "-")
        // Ready when /healthz answers 200. Host: localhost, because the admin endpoint refuses any other host name or
        // foreign address (DNS rebinding), and the engine's address for the container may be neither (a remote engine,
        // or the bridge gateway when the tests themselves run in a container).
        .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(AdminPort).ForPath("/healthz").WithHeader("Host", "localhost")));

    /// <inheritdoc />
    protected override AlbEmulatorBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new AlbEmulatorConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override AlbEmulatorBuilder Clone(IContainerConfiguration resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new AlbEmulatorConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override AlbEmulatorBuilder Merge(AlbEmulatorConfiguration oldValue, AlbEmulatorConfiguration newValue) =>
        new(new AlbEmulatorConfiguration(oldValue, newValue));

    /// <summary>The listener ports of a config document, single- or several-load-balancer shape.</summary>
    internal static IReadOnlyList<int> ListenerPorts(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var ports = new List<int>();
        void Collect(JsonElement owner)
        {
            if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("Listeners", out var listeners) && listeners.ValueKind == JsonValueKind.Array)
            {
                foreach (var listener in listeners.EnumerateArray())
                {
                    if (listener.ValueKind == JsonValueKind.Object && listener.TryGetProperty("Port", out var port) && port.TryGetInt32(out var number) && !ports.Contains(number))
                    {
                        ports.Add(number);
                    }
                }
            }
        }

        Collect(document.RootElement);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("LoadBalancers", out var loadBalancers) && loadBalancers.ValueKind == JsonValueKind.Array)
        {
            foreach (var loadBalancer in loadBalancers.EnumerateArray())
            {
                Collect(loadBalancer);
            }
        }

        return ports;
    }
}
