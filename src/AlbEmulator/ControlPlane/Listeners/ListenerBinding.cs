using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane.Listeners;

/// <summary>
/// What is fixed when a listener's port is bound: the protocol and the security policy (Kestrel's TLS
/// adapter is configured at bind time). Default actions, rules and certificates are not part of it: they
/// are read from the current snapshot on every request and every TLS handshake (Listeners/ServedCertificates).
/// </summary>
internal sealed record ListenerBinding(string Protocol, string? SslPolicy)
{
    public static ListenerBinding Of(ListenerConfig listener) =>
        new(listener.Protocol ?? "HTTP", listener.Protocol == "HTTPS" ? listener.SslPolicy : null);
}
