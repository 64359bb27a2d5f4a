using DotNet.Testcontainers.Containers;

namespace AlbEmulator.Testcontainers;

/// <summary>A started AlbEmulator container: the URLs of its listeners and admin endpoint on the host, and its access log.</summary>
public sealed class AlbEmulatorContainer : DockerContainer
{
    /// <summary>Built by <see cref="AlbEmulatorBuilder"/>.</summary>
    public AlbEmulatorContainer(AlbEmulatorConfiguration configuration)
        : base(configuration)
    {
    }

    /// <summary>The URL of a listener (its port inside the container, as in the config) on the host, e.g. <c>http://127.0.0.1:32768/</c>.</summary>
    public Uri GetListenerUrl(int listenerPort, string scheme = "http") =>
        new($"{scheme}://{Hostname}:{GetMappedPublicPort(listenerPort)}/");

    /// <summary>The admin endpoint on the host: ELBv2 API (<c>aws --endpoint-url</c>), /healthz, /metrics, /targets, the console.</summary>
    public Uri GetAdminUrl() => new($"http://{Hostname}:{GetMappedPublicPort(AlbEmulatorBuilder.AdminPort)}/");

    /// <summary>The access-log lines written so far (the container's stdout carries nothing else).</summary>
    public async Task<IReadOnlyList<string>> GetAccessLogAsync(CancellationToken cancellationToken = default)
    {
        var (stdout, _) = await GetLogsAsync(timestampsEnabled: false, ct: cancellationToken).ConfigureAwait(false);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
