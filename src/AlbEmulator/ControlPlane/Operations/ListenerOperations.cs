using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// DescribeListeners, CreateListener, ModifyListener, DeleteListener. A new or moved listener port is
/// bound before the change is swapped in (ControlPlane/Listeners); the listener keeps its ARN when its
/// port changes.
/// </summary>
internal static class ListenerOperations
{
    public static IEnumerable<object?> DescribeListeners(QueryParameters request, AlbControlPlane controlPlane)
    {
        var index = controlPlane.State.Index();
        var loadBalancerArn = request.Get("LoadBalancerArn");
        var arns = request.Strings("ListenerArns");
        IReadOnlyList<ListenerConfig> listeners;
        if (arns is { Count: > 0 })
        {
            listeners = arns.Select(index.RequireListener).ToArray();
        }
        else if (loadBalancerArn is not null)
        {
            listeners = index.RequireLoadBalancer(loadBalancerArn).Listeners;
        }
        else
        {
            throw AlbApiError.Validation("You must specify either listener ARNs or a load balancer ARN");
        }

        return Paging.Page(request, listeners, "Listeners", l => ShapeWriter.Listener(index, l));
    }

    public static IEnumerable<object?> CreateListener(QueryParameters request, AlbControlPlane controlPlane)
    {
        var loadBalancerArn = request.Require("LoadBalancerArn");
        var actions = ShapeReader.Actions(request, "DefaultActions");
        if (actions.Count == 0)
        {
            throw AlbApiError.Missing("DefaultActions");
        }

        var listener = new ListenerConfig
        {
            Port = request.GetInt("Port", 1, 65535),
            Protocol = request.Get("Protocol"),
            SslPolicy = request.Get("SslPolicy"),
            Certificates = Certificates(request) ?? ValueList<CertificateConfig>.Empty,
            DefaultActions = actions,
            MutualAuthentication = ListenerAttributeOperations.ReadMutualAuthentication(request),
        };
        var tags = ShapeReader.Tags(request, "Tags");
        RequireCertificate(listener);

        return controlPlane.Change((change, index) =>
        {
            var lb = index.RequireLoadBalancer(loadBalancerArn);
            TargetGroupChecks.RequireExisting(index, actions);
            StoredSettingOperations.RequireLocalFilesUsable(change.Config, listener.Certificates.Select(c => c.CertificateArn).OfType<string>());
            var existing = change.Config.AllListeners.FirstOrDefault(l => l.Port == listener.Port);
            if (existing is not null)
            {
                if (!ReferenceEquals(change.Config.LoadBalancerOf(existing), lb))
                {
                    throw new AlbApiError("DuplicateListener", $"Port {listener.Port} is bound by a listener of load balancer '{change.Config.LoadBalancerOf(existing)?.EffectiveName}': listener ports are unique across the emulator (each load balancer needs its own local ports)");
                }

                // Idempotent: the same listener again returns it; anything else on the port is a duplicate.
                if (existing with { Rules = ValueList<RuleConfig>.Empty } != listener)
                {
                    throw new AlbApiError("DuplicateListener", "A listener already exists on this port for this load balancer");
                }

                change.ConfigChanged = false;
                return Result(index, existing);
            }

            // A port whose ARN key another (moved) listener uses gets a fresh key.
            var port = listener.Port ?? 0;
            var used = change.Config.AllListeners.Select(l => index.ListenerKey(l.Port ?? 0)).ToHashSet();
            if (used.Contains(port))
            {
                var key = 65536;
                while (used.Contains(key))
                {
                    key++;
                }

                change.ListenerKeys[port] = key;
            }

            change.Config = change.Config.WithLoadBalancer(lb, lb with { Listeners = lb.Listeners.Append(listener).ToValueList() });
            var next = new ResourceIndex(change.Config, p => change.ListenerKeys.TryGetValue(p, out var k) ? k : p, index.RuleKey);
            TagOperations.Set(change, next.ListenerArn(listener), tags);
            return Result(next, listener);
        });
    }

    public static IEnumerable<object?> ModifyListener(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("ListenerArn");
        var port = request.GetInt("Port", 1, 65535);
        var protocol = request.Get("Protocol");
        var sslPolicy = request.Get("SslPolicy");
        var certificates = Certificates(request);
        var actions = request.Has("DefaultActions") ? ShapeReader.Actions(request, "DefaultActions") : null;
        var mutual = ListenerAttributeOperations.ReadMutualAuthentication(request);

        return controlPlane.Change((change, index) =>
        {
            var listener = index.RequireListener(arn);
            if (actions is not null)
            {
                TargetGroupChecks.RequireExisting(index, actions);
            }

            StoredSettingOperations.RequireLocalFilesUsable(change.Config, certificates?.Select(c => c.CertificateArn).OfType<string>() ?? []);

            var oldPort = listener.Port ?? 0;
            var newProtocol = protocol ?? listener.Protocol;
            var modified = listener with
            {
                Port = port ?? listener.Port,
                Protocol = newProtocol,

                // Switching to HTTP drops the TLS settings (alb-observability-api §4.6).
                SslPolicy = newProtocol == "HTTPS" ? sslPolicy ?? listener.SslPolicy : null,
                // The request's certificate is the default one; the certificate list (AddListenerCertificates) stays as it
                // is, even when it holds the new default (DescribeListenerCertificates then lists that one twice, as AWS does).
                Certificates = newProtocol == "HTTPS"
                    ? certificates is null ? listener.Certificates : certificates.Concat(listener.Certificates.Skip(1)).ToValueList()
                    : ValueList<CertificateConfig>.Empty,
                DefaultActions = actions ?? listener.DefaultActions,
                MutualAuthentication = newProtocol == "HTTPS" ? mutual ?? listener.MutualAuthentication : mutual,
            };
            if (listener.Protocol != "HTTPS" || certificates is not null)
            {
                RequireCertificate(modified);
            }

            var newPort = modified.Port ?? 0;
            if (newPort != oldPort)
            {
                if (change.Config.AllListeners.FirstOrDefault(l => l.Port == newPort) is { } other)
                {
                    throw new AlbApiError("DuplicateListener", ReferenceEquals(change.Config.LoadBalancerOf(other), change.Config.LoadBalancerOf(listener))
                        ? "A listener already exists on this port for this load balancer"
                        : $"Port {newPort} is bound by a listener of load balancer '{change.Config.LoadBalancerOf(other)?.EffectiveName}': listener ports are unique across the emulator (each load balancer needs its own local ports)");
                }

                // The listener and its rules keep their ARNs.
                change.ListenerKeys.Remove(oldPort);
                change.ListenerKeys[newPort] = index.ListenerKey(oldPort);
                foreach (var rule in listener.Rules)
                {
                    var key = index.RuleKey(oldPort, rule.Priority ?? 0);
                    change.RuleKeys.Remove((oldPort, rule.Priority ?? 0));
                    change.RuleKeys[(newPort, rule.Priority ?? 0)] = key;
                }
            }

            change.Config = change.Config.WithListener(listener, modified);
            var next = new ResourceIndex(change.Config, p => change.ListenerKeys.TryGetValue(p, out var k) ? k : p, (p, priority) => change.RuleKeys.GetValueOrDefault((p, priority)) ?? index.RuleKey(p, priority));
            return Result(next, modified);
        });
    }

    public static IEnumerable<object?> DeleteListener(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("ListenerArn");
        return controlPlane.Change((change, index) =>
        {
            var listener = index.RequireListener(arn);
            var port = listener.Port ?? 0;
            change.Tags.Remove(arn);
            change.Settings.Remove(arn);
            change.Tags.Remove(index.DefaultRuleArn(listener));
            foreach (var rule in listener.Rules)
            {
                change.Tags.Remove(index.RuleArn(listener, rule));
                change.RuleKeys.Remove((port, rule.Priority ?? 0));
            }

            change.ListenerKeys.Remove(port);
            change.Config = change.Config.WithListener(listener, null);
            return Array.Empty<object?>();
        });
    }

    /// <summary>
    /// An HTTPS listener created or switched to HTTPS through the API needs a certificate, as in AWS (a
    /// config-file listener without one serves a generated certificate, docs/https.md).
    /// </summary>
    private static void RequireCertificate(ListenerConfig listener)
    {
        if (listener.Protocol == "HTTPS" && listener.Certificates.Count == 0)
        {
            throw AlbApiError.Validation("A certificate must be specified for HTTPS listeners");
        }
    }

    private static IEnumerable<object?> Result(ResourceIndex index, ListenerConfig listener) =>
        [QueryXml.StructList("Listeners", [listener], l => ShapeWriter.Listener(index, l))];

    /// <summary>Certificates by ARN (ACM ARNs are accepted; the listener serves a generated certificate, docs/https.md).</summary>
    private static ValueList<CertificateConfig>? Certificates(QueryParameters request) =>
        request.Has("Certificates")
            ? request.Members("Certificates").Select(c => new CertificateConfig { CertificateArn = c.Get("CertificateArn") }).ToValueList()
            : null;
}
