namespace AlbEmulator.Testing;

/// <summary>
/// A target of a target group and its health, as <c>describe-target-health</c> reports it
/// (<c>TargetHealthDescriptions[]</c>): <see cref="State"/> <c>initial</c>, <c>healthy</c>,
/// <c>unhealthy</c>, <c>unused</c>, <c>draining</c> or <c>unavailable</c>, with the
/// <see cref="Reason"/> code and <see cref="Description"/> (both null when healthy).
/// </summary>
/// <param name="TargetGroupName">The group's <c>Name</c>.</param>
/// <param name="Id">IP address, [ext] DNS host name, or the function of a Lambda group.</param>
/// <param name="Port">The target's port.</param>
public sealed record RegisteredTarget(string TargetGroupName, string Id, int Port)
{
    /// <summary><c>initial</c>, <c>healthy</c>, <c>unhealthy</c>, <c>unused</c>, <c>draining</c> or <c>unavailable</c>.</summary>
    public string State { get; init; } = "unused";

    /// <summary>The reason code, e.g. <c>Target.ResponseCodeMismatch</c>; null when healthy.</summary>
    public string? Reason { get; init; }

    /// <summary>The description, e.g. <c>Health checks failed with these codes: [503]</c>; null when healthy.</summary>
    public string? Description { get; init; }

    /// <summary>The port health checks go to (<c>HealthCheckPort</c>).</summary>
    public string? HealthCheckPort { get; init; }

    /// <summary>This target as an <see cref="AlbTarget"/> (for <c>DeregisterTargets</c>, <c>WaitForTargetStateAsync</c>).</summary>
    public AlbTarget ToAlbTarget() => new(Id, Port);
}

/// <summary>A target to register: <c>{ Id, Port }</c> in the config vocabulary.</summary>
/// <param name="Id">IP address or [ext] DNS host name.</param>
/// <param name="Port">The port; null uses the group's <c>Port</c>.</param>
public sealed record AlbTarget(string Id, int? Port = null)
{
    /// <summary>The host and port of a URL such as <c>http://127.0.0.1:5001</c>.</summary>
    public static AlbTarget FromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new AlbTarget(url.Host.Trim('[', ']'), url.Port);
    }
}

/// <summary>Options of an <see cref="System.Net.Http.HttpClient"/> created by <see cref="AlbEmulatorFixture.CreateClient(int, AlbClientOptions?)"/>.</summary>
public sealed record AlbClientOptions
{
    /// <summary>HTTP version to request exactly (e.g. <see cref="System.Net.HttpVersion.Version20"/> on an HTTPS listener); null: HTTP/1.1.</summary>
    public Version? HttpVersion { get; init; }

    /// <summary>Keep cookies between requests (stickiness cookies such as <c>AWSALB</c>, <c>AWSALBTG</c>). Default off.</summary>
    public bool UseCookies { get; init; }

    /// <summary>Follow redirects. Default off, so a test sees the ALB's 301/302.</summary>
    public bool AllowAutoRedirect { get; init; }

    /// <summary>Per-request timeout. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A client certificate (with its private key) to present to an HTTPS listener with mutual TLS; null: none.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }
}
