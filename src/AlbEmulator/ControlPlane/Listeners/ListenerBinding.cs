using AlbEmulator.Configuration;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Listeners;

/// <summary>
/// What is fixed when a listener's port is bound: the protocol and the TLS settings (Kestrel's TLS
/// adapter is configured at bind time). Default actions and rules are not part of it: they are read
/// from the current snapshot on every request.
/// </summary>
internal sealed record ListenerBinding(string Protocol, string? SslPolicy, ValueList<CertificateConfig> Certificates)
{
    public static ListenerBinding Of(ListenerConfig listener) =>
        new(listener.Protocol ?? "HTTP", listener.Protocol == "HTTPS" ? listener.SslPolicy : null, listener.Protocol == "HTTPS" ? listener.Certificates : ValueList<CertificateConfig>.Empty);
}
