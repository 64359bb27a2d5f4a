using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane.Listeners;

/// <summary>
/// What is fixed when a listener's port is bound: the protocol (HTTPS puts Kestrel's TLS adapter in front of the
/// connection). Default actions, rules, certificates and the security policy are not part of it: they are read from
/// the current snapshot on every request and every TLS handshake (Listeners/ServedCertificates, MutualTls/TlsHandshake),
/// so a changed <c>SslPolicy</c> applies from the next handshake, as on ALB.
/// </summary>
internal sealed record ListenerBinding(string Protocol)
{
    public static ListenerBinding Of(ListenerConfig listener) => new(listener.Protocol ?? "HTTP");
}
