using AlbEmulator.Listeners;

namespace AlbEmulator.Configuration.Validators;

/// <summary>Listeners (LST-1, LST-10, LST-21): port, protocol, TLS settings, default actions, rules.</summary>
internal static class ListenerValidator
{
    /// <summary>LST-10: one default certificate plus 25.</summary>
    private const int MaxCertificates = 26;

    public static void Check(ValidationContext context)
    {
        // Ports are unique across the whole process (config-format §4): port → the load balancer that has it.
        var ports = new Dictionary<int, string>();
        foreach (var lb in context.Config.LoadBalancers)
        {
            Check(context, lb, ports);
        }

        CheckLocalCertificates(context);
    }

    /// <summary>[ext] The top-level <c>Certificates</c> map: an ACM or IAM certificate ARN → its PEM files.</summary>
    private static void CheckLocalCertificates(ValidationContext context)
    {
        // A document cannot repeat a key (the reader refuses it); a config built in code can repeat an ARN, and only
        // the first entry would ever be served.
        var arns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var certificate in context.Config.LocalCertificates)
        {
            var resource = $"Certificates.{certificate.CertificateArn}";
            if (certificate.CertificateArn is { } arn && !arns.Add(arn))
            {
                context.Add(resource, "", "The certificate ARN is listed more than once; each ARN names one pair of local files");
            }

            if (!IsCertificateArn(certificate.CertificateArn))
            {
                context.Add(resource, "", "The key must be an ACM or IAM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID or arn:aws:iam::ACCOUNT:server-certificate/NAME)");
            }

            if (string.IsNullOrEmpty(certificate.CertificateFile) || string.IsNullOrEmpty(certificate.PrivateKeyFile))
            {
                context.Add(resource, string.IsNullOrEmpty(certificate.CertificateFile) ? "CertificateFile" : "PrivateKeyFile", "A local certificate needs CertificateFile and PrivateKeyFile");
            }
            else if (context.CheckFiles)
            {
                CheckCertificateFiles(context, resource, "", certificate);
            }
        }
    }

    /// <summary>ACM (<c>arn:aws:acm:…:certificate/…</c>) and IAM server certificates (<c>arn:aws:iam::…:server-certificate/…</c>).</summary>
    public static bool IsCertificateArn(string? arn) =>
        arn is not null && arn.Length <= 2048 && !arn.Any(char.IsControl)
        && ((arn.StartsWith("arn:aws:acm:", StringComparison.Ordinal) && arn.Contains(":certificate/", StringComparison.Ordinal))
            || (arn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && arn.Contains(":server-certificate/", StringComparison.Ordinal)));

    private static void Check(ValidationContext context, LoadBalancerConfig lb, Dictionary<int, string> ports)
    {
        for (var i = 0; i < lb.Listeners.Count; i++)
        {
            var listener = lb.Listeners[i];
            var resource = ResourceNames.Listener(listener.Port, i);
            CheckPortAndProtocol(context, resource, listener, lb.EffectiveName, ports);
            CheckTls(context, resource, listener);

            if (listener.DefaultActions.Count == 0)
            {
                context.Add(resource, "DefaultActions", "At least one default action is required");
            }

            ActionValidator.Check(context, resource, "DefaultActions", listener.DefaultActions, listener.Protocol);
            RuleValidator.Check(context, resource, listener);
            AttributeValidator.Check(context, resource, "ListenerAttributes", "Listener", listener.ListenerAttributes, AttributeCatalog.FindListener, null);
            MutualAuthenticationValidator.Check(context, resource, listener);
        }
    }

    private static void CheckPortAndProtocol(ValidationContext context, string resource, ListenerConfig listener, string loadBalancer, Dictionary<int, string> ports)
    {
        // LST-1
        if (listener.Port is not { } port)
        {
            context.Add(resource, "Port", "Port is required");
        }
        else if (port is < 1 or > 65535)
        {
            context.Add(resource, "Port", $"Port '{port}' must be between 1 and 65535");
        }
        else if (!ports.TryAdd(port, loadBalancer))
        {
            context.Add(resource, "Port", ports[port] == loadBalancer
                ? "A listener already exists on this port for this load balancer"
                : $"Port {port} is bound by listeners of two load balancers, '{ports[port]}' and '{loadBalancer}': listener ports are unique across the emulator (each load balancer needs its own local ports)");
        }

        if (listener.Protocol is null)
        {
            context.Add(resource, "Protocol", "Protocol is required");
        }
        else if (listener.Protocol is not ("HTTP" or "HTTPS"))
        {
            context.Add(resource, "Protocol", $"Listener protocol '{listener.Protocol}' must be one of 'HTTP', 'HTTPS'");
        }
    }

    private static void CheckTls(ValidationContext context, string resource, ListenerConfig listener)
    {
        var https = listener.Protocol == "HTTPS";
        if (listener.SslPolicy is { } policy)
        {
            if (!https)
            {
                context.Add(resource, "SslPolicy", "SslPolicy is only allowed on HTTPS listeners");
            }
            else if (!SslPolicies.TryGet(policy, out _, out _))
            {
                context.Add(resource, "SslPolicy", $"SSL policy '{policy}' not found");
            }
        }

        for (var i = 0; i < listener.GeneratedCertificateNames.Count; i++)
        {
            var name = listener.GeneratedCertificateNames[i];
            if (!Listeners.GeneratedCertificateNames.IsValid(name))
            {
                context.Add(resource, $"GeneratedCertificateNames[{i}]", $"'{name}' is not a DNS name, a *.wildcard DNS name or an IP address");
            }
        }

        if (listener.Certificates.Count > 0 && !https)
        {
            context.Add(resource, "Certificates", "Certificates are only allowed on HTTPS listeners");
        }

        if (listener.Certificates.Count > MaxCertificates)
        {
            context.Add(resource, "Certificates", $"A listener can have at most {MaxCertificates} certificates (a default certificate and 25 more)");
        }

        for (var i = 0; i < listener.Certificates.Count; i++)
        {
            var certificate = listener.Certificates[i];
            var field = $"Certificates[{i}]";
            var hasFile = !string.IsNullOrEmpty(certificate.CertificateFile);
            var hasKey = !string.IsNullOrEmpty(certificate.PrivateKeyFile);
            var hasArn = !string.IsNullOrEmpty(certificate.CertificateArn);
            if (hasArn && (hasFile || hasKey))
            {
                context.Add(resource, field, "Specify either CertificateArn or CertificateFile and PrivateKeyFile, not both");
            }
            else if (hasFile && !hasKey)
            {
                context.Add(resource, $"{field}.PrivateKeyFile", "PrivateKeyFile is required with CertificateFile");
            }
            else if (hasKey && !hasFile)
            {
                context.Add(resource, $"{field}.CertificateFile", "CertificateFile is required with PrivateKeyFile");
            }
            else if (!hasArn && !hasFile)
            {
                context.Add(resource, field, "A certificate needs CertificateFile and PrivateKeyFile, or CertificateArn");
            }
            else if (hasFile && hasKey && context.CheckFiles)
            {
                CheckCertificateFiles(context, resource, field, certificate);
            }
        }
    }

    /// <summary>The PEM files exist (relative to the config file), parse, and the key belongs to the certificate.</summary>
    private static void CheckCertificateFiles(ValidationContext context, string resource, string field, CertificateConfig certificate)
    {
        var certPath = Path.GetFullPath(certificate.CertificateFile!, context.Config.BaseDirectory);
        var keyPath = Path.GetFullPath(certificate.PrivateKeyFile!, context.Config.BaseDirectory);
        var missing = false;
        foreach (var (name, value, path) in new[] { ("CertificateFile", certificate.CertificateFile!, certPath), ("PrivateKeyFile", certificate.PrivateKeyFile!, keyPath) })
        {
            if (!File.Exists(path))
            {
                context.Add(resource, field.Length == 0 ? name : $"{field}.{name}", $"File '{value}' not found (looked for {path})");
                missing = true;
            }
        }

        if (!missing && PemCertificate.Check(certPath, keyPath) is { } problem)
        {
            context.Add(resource, field, problem);
        }
    }
}
