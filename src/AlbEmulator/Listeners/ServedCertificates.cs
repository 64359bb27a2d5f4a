using AlbEmulator.Configuration;
using AlbEmulator.Model;
using AlbEmulator.Utilities;

namespace AlbEmulator.Listeners;

/// <summary>
/// The certificates an HTTPS listener serves now (LST-10, LST-11), for its TLS handshakes: those it was bound with,
/// until the listener's certificate list (ModifyListener, Add/RemoveListenerCertificates, a config edit) or the
/// config's local certificate files change. A handshake compares two references with the last ones seen and uses the
/// cached set; only a changed list is resolved again (PEM pairs are parsed once, <see cref="PemCertificate.LoadCached"/>).
/// </summary>
public sealed class ServedCertificates
{
    private readonly Action<string> _problem;
    private readonly GeneratedCertificateOptions? _generated;
    private volatile State _state;

    public ServedCertificates(ListenerConfig boundListener, AlbConfig boundConfig, ListenerCertificates bound, Action<string> problem, GeneratedCertificateOptions? generated = null)
    {
        _problem = problem;
        _generated = generated;
        Bound = bound;
        _state = new State(boundListener.Certificates, boundConfig.LocalCertificates, bound);
    }

    /// <summary>Loads a listener's certificates as its port is bound (<see cref="ListenerCertificates.Load"/>).</summary>
    public static ServedCertificates Load(ListenerConfig listener, AlbConfig config, AwsIdentifiers identifiers, Action<string> announce, GeneratedCertificateOptions? generated) =>
        new(listener, config, ListenerCertificates.Load(listener, config.BaseDirectory, identifiers, announce, generated, config), announce, generated);

    /// <summary>The certificates loaded when the port was bound (or generated then).</summary>
    public ListenerCertificates Bound { get; }

    /// <summary>The certificates of <paramref name="listener"/> as the current snapshot has it.</summary>
    public ListenerCertificates For(ListenerConfig listener, LoadBalancerModel loadBalancer)
    {
        var state = _state;
        var certificates = listener.Certificates;
        var local = loadBalancer.Config.LocalCertificates;
        if (ReferenceEquals(state.Certificates, certificates) && ReferenceEquals(state.Local, local))
        {
            return state.Served;
        }

        if (state.Certificates.Equals(certificates) && state.Local.Equals(local))
        {
            // An unrelated change rebuilt the snapshot: same lists, new instances.
            _state = state with { Certificates = certificates, Local = local };
            return state.Served;
        }

        // A default without local files gets the generated stand-in, as at start-up (generated once per change of the list).
        var served = certificates.Count == 0
            ? Bound
            : ListenerCertificates.Refresh(listener, loadBalancer.Config, loadBalancer.Identifiers, () => ListenerCertificates.StandIn(listener, loadBalancer.Identifiers, _problem, _generated), _problem);
        _state = new State(certificates, local, served);
        return served;
    }

    private sealed record State(ValueList<CertificateConfig> Certificates, ValueList<CertificateConfig> Local, ListenerCertificates Served);
}
