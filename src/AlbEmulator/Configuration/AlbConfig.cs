using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration;

/// <summary>
/// The whole load balancer description, as read from the config file (docs/configuration.md).
/// Property names follow CloudFormation (<c>AWS::ElasticLoadBalancingV2::*</c>) and the ELBv2 API.
/// Values are kept as the user wrote them (null when omitted); <c>AlbConfigValidator</c> checks
/// them and the runtime model applies AWS defaults.
/// </summary>
public sealed record AlbConfig
{
    /// <summary>
    /// Every load balancer, each with its own listeners (config-format.md §4). The single-load-balancer
    /// document shape (<c>LoadBalancer</c> + top-level <c>Listeners</c>, §2) reads as one entry; an empty
    /// list means no load balancer exists (<c>"LoadBalancers": []</c>, or after DeleteLoadBalancer).
    /// Names are unique and listener ports are unique across the whole process.
    /// </summary>
    public ValueList<LoadBalancerConfig> LoadBalancers { get; init; } = DefaultLoadBalancers;

    public ValueList<TargetGroupConfig> TargetGroups { get; init; } = ValueList<TargetGroupConfig>.Empty;

    /// <summary>[ext] The built-in identity provider (docs/authentication.md); null when not configured.</summary>
    public IdentityProviderConfig? IdentityProvider { get; init; }

    /// <summary>Trust stores for mutual TLS in verify mode (config-format.md §5).</summary>
    public ValueList<TrustStoreConfig> TrustStores { get; init; } = ValueList<TrustStoreConfig>.Empty;

    /// <summary>
    /// [ext] The local PEM files of certificates named by ARN (top-level <c>Certificates</c>, keyed by ARN, as in the
    /// overrides file): each entry has <c>CertificateArn</c>, <c>CertificateFile</c> and <c>PrivateKeyFile</c>. A listener
    /// certificate given by one of these ARNs (in the file, by CreateListener/ModifyListener or AddListenerCertificates)
    /// is served from them.
    /// </summary>
    public ValueList<CertificateConfig> LocalCertificates { get; init; } = ValueList<CertificateConfig>.Empty;

    /// <summary>The local files of a certificate ARN, or null when the config does not name them.</summary>
    public CertificateConfig? LocalCertificate(string certificateArn)
    {
        foreach (var local in LocalCertificates)
        {
            if (string.Equals(local.CertificateArn, certificateArn, StringComparison.Ordinal))
            {
                return local;
            }
        }

        return null;
    }

    /// <summary>AWS WAF: web ACLs, IP sets, regex pattern sets, [ext] geo locations (config-format.md §5).</summary>
    public WafConfig Waf { get; init; } = WafConfig.Empty;

    /// <summary>Directory that relative paths (certificates, log bucket) are resolved against. Not part of the file.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Every listener of every load balancer (ports are unique across the process).</summary>
    public IEnumerable<ListenerConfig> AllListeners => LoadBalancers.SelectMany(lb => lb.Listeners);

    /// <summary>The load balancer a listener belongs to (found by port, which is unique), or null.</summary>
    public LoadBalancerConfig? LoadBalancerOf(ListenerConfig listener)
    {
        foreach (var lb in LoadBalancers)
        {
            foreach (var candidate in lb.Listeners)
            {
                if (ReferenceEquals(candidate, listener) || (candidate.Port is { } port && port == listener.Port))
                {
                    return lb;
                }
            }
        }

        return null;
    }

    /// <summary>A load balancer by name (case-sensitive, as ELBv2 names are), or null.</summary>
    public LoadBalancerConfig? FindLoadBalancer(string name) =>
        LoadBalancers.FirstOrDefault(lb => string.Equals(lb.EffectiveName, name, StringComparison.Ordinal));

    /// <summary>This config with <paramref name="current"/> replaced by <paramref name="replacement"/> (removed when null).</summary>
    public AlbConfig WithLoadBalancer(LoadBalancerConfig current, LoadBalancerConfig? replacement) => this with
    {
        LoadBalancers = LoadBalancers
            .Select(lb => ReferenceEquals(lb, current) ? replacement : lb)
            .OfType<LoadBalancerConfig>()
            .ToValueList(),
    };

    /// <summary>This config with a listener replaced in its load balancer (removed when <paramref name="replacement"/> is null).</summary>
    public AlbConfig WithListener(ListenerConfig current, ListenerConfig? replacement)
    {
        var lb = LoadBalancerOf(current) ?? throw new InvalidOperationException($"Listener {current.Port} belongs to no load balancer");
        return WithLoadBalancer(lb, lb with
        {
            Listeners = lb.Listeners
                .Select(l => ReferenceEquals(l, current) || (l.Port == current.Port) ? replacement : l)
                .OfType<ListenerConfig>()
                .ToValueList(),
        });
    }

    private static readonly ValueList<LoadBalancerConfig> DefaultLoadBalancers = ValueList.Of(new LoadBalancerConfig());
}

/// <summary>A load balancer (<c>AWS::ElasticLoadBalancingV2::LoadBalancer</c>) with its listeners.</summary>
public sealed record LoadBalancerConfig
{
    /// <summary>Name used in ARNs, the DNS name and the access-log <c>elb</c> field. Default <c>local-alb</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>internet-facing</c> (default) or <c>internal</c>: reported by the API (an internal load balancer's DNS name starts with <c>internal-</c>).</summary>
    public string? Scheme { get; init; }

    /// <summary><c>ipv4</c> (default), <c>dualstack</c> or <c>dualstack-without-public-ipv4</c>: reported by the API.</summary>
    public string? IpAddressType { get; init; }

    public ValueList<AttributeConfig> LoadBalancerAttributes { get; init; } = ValueList<AttributeConfig>.Empty;

    /// <summary>[ext] The web ACL (by <c>Name</c>) associated with this load balancer, as <c>AWS::WAFv2::WebACLAssociation</c> does.</summary>
    public string? WebACLName { get; init; }

    /// <summary>This load balancer's listeners (in the single-load-balancer shape: the top-level <c>Listeners</c>).</summary>
    public ValueList<ListenerConfig> Listeners { get; init; } = ValueList<ListenerConfig>.Empty;

    /// <summary><see cref="Name"/>, or <c>local-alb</c> when omitted.</summary>
    public string EffectiveName => Name ?? LoadBalancerDefaults.Name;
}

/// <summary>One <c>{ "Key": ..., "Value": ... }</c> attribute. Values are always strings, as in the API.</summary>
public sealed record AttributeConfig(string Key, string Value);

/// <summary>A listener (<c>AWS::ElasticLoadBalancingV2::Listener</c>) with its rules nested [ext].</summary>
public sealed record ListenerConfig
{
    public int? Port { get; init; }

    /// <summary><c>HTTP</c> or <c>HTTPS</c>.</summary>
    public string? Protocol { get; init; }

    public string? SslPolicy { get; init; }

    public ValueList<CertificateConfig> Certificates { get; init; } = ValueList<CertificateConfig>.Empty;

    public ValueList<ActionConfig> DefaultActions { get; init; } = ValueList<ActionConfig>.Empty;

    /// <summary>[ext] Rules nest under their listener (in CloudFormation they are <c>ListenerRule</c> resources).</summary>
    public ValueList<RuleConfig> Rules { get; init; } = ValueList<RuleConfig>.Empty;

    /// <summary>Listener attributes (LST-50): header renaming and response-header insertion.</summary>
    public ValueList<AttributeConfig> ListenerAttributes { get; init; } = ValueList<AttributeConfig>.Empty;

    /// <summary>Mutual TLS (LST-40); null means <c>off</c>.</summary>
    public MutualAuthenticationConfig? MutualAuthentication { get; init; }

    /// <summary>[ext] Extra DNS names / IP addresses for the certificate generated when an HTTPS listener has none.</summary>
    public ValueList<string> GeneratedCertificateNames { get; init; } = ValueList<string>.Empty;
}

/// <summary><c>MutualAuthentication</c> of an HTTPS listener (LST-40..LST-46).</summary>
public sealed record MutualAuthenticationConfig
{
    /// <summary><c>off</c> (default), <c>passthrough</c> or <c>verify</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>The trust store by ARN (verify mode).</summary>
    public string? TrustStoreArn { get; init; }

    /// <summary>[ext] The trust store by name (verify mode).</summary>
    public string? TrustStoreName { get; init; }

    public bool? IgnoreClientCertificateExpiry { get; init; }

    /// <summary><c>on</c> or <c>off</c> (default).</summary>
    public string? AdvertiseTrustStoreCaNames { get; init; }
}

/// <summary>A trust store (<c>AWS::ElasticLoadBalancingV2::TrustStore</c>) with local PEM files [ext].</summary>
public sealed record TrustStoreConfig
{
    public string? Name { get; init; }

    /// <summary>[ext] PEM bundle of CA certificates, instead of <c>CaCertificatesBundleS3Bucket</c>/<c>Key</c>.</summary>
    public string? CaCertificatesBundleFile { get; init; }

    /// <summary>[ext] PEM certificate revocation lists.</summary>
    public ValueList<string> RevocationFiles { get; init; } = ValueList<string>.Empty;

    /// <summary>
    /// The content as the ELBv2 trust-store operations left it (CreateTrustStore, ModifyTrustStore,
    /// Add/RemoveTrustStoreRevocations read their local "S3" files once, as AWS copies from S3); when
    /// set, the files above are not read again. Never part of a config document.
    /// </summary>
    public TrustStores.TrustStore? Content { get; init; }
}

/// <summary>
/// A listener certificate: PEM files [ext], or a <c>CertificateArn</c> (served from the files the config's top-level
/// <c>Certificates</c> gives it [ext]; otherwise accepted and not served: a generated certificate stands in).
/// The first certificate is the listener's default certificate.
/// </summary>
public sealed record CertificateConfig
{
    public string? CertificateFile { get; init; }

    public string? PrivateKeyFile { get; init; }

    public string? CertificateArn { get; init; }
}

/// <summary>A listener rule (<c>AWS::ElasticLoadBalancingV2::ListenerRule</c> without the listener reference).</summary>
public sealed record RuleConfig
{
    /// <summary>1–50000, unique per listener.</summary>
    public int? Priority { get; init; }

    public ValueList<RuleConditionConfig> Conditions { get; init; } = ValueList<RuleConditionConfig>.Empty;

    public ValueList<ActionConfig> Actions { get; init; } = ValueList<ActionConfig>.Empty;

    /// <summary>Rule transforms (ACT-40): at most one <c>host-header-rewrite</c> and one <c>url-rewrite</c>.</summary>
    public ValueList<RuleTransformConfig> Transforms { get; init; } = ValueList<RuleTransformConfig>.Empty;
}

/// <summary>A rule transform (<c>RuleTransform</c>): <c>Type</c> and the config object it names.</summary>
public sealed record RuleTransformConfig
{
    /// <summary><c>host-header-rewrite</c> or <c>url-rewrite</c>.</summary>
    public string? Type { get; init; }

    public RewriteListConfig? HostHeaderRewriteConfig { get; init; }

    public RewriteListConfig? UrlRewriteConfig { get; init; }
}

/// <summary><c>HostHeaderRewriteConfig</c> / <c>UrlRewriteConfig</c>: the rewrites.</summary>
public sealed record RewriteListConfig
{
    public ValueList<RewriteConfig> Rewrites { get; init; } = ValueList<RewriteConfig>.Empty;
}

/// <summary><c>RewriteConfig</c>: a regular expression and its replacement (each ≤ 1024 characters).</summary>
public sealed record RewriteConfig(string? Regex, string? Replace);

/// <summary>
/// A rule condition: <c>Field</c> plus the matching <c>*Config</c> object, or the legacy
/// <c>Values</c> list for <c>host-header</c> and <c>path-pattern</c>.
/// </summary>
public sealed record RuleConditionConfig
{
    public string? Field { get; init; }

    /// <summary>Legacy form, accepted for host-header and path-pattern.</summary>
    public ValueList<string>? Values { get; init; }

    /// <summary>Top-level regular expressions (RULE-14), accepted for host-header and path-pattern like <see cref="Values"/>.</summary>
    public ValueList<string>? RegexValues { get; init; }

    public ValuesConditionConfig? HostHeaderConfig { get; init; }

    public ValuesConditionConfig? PathPatternConfig { get; init; }

    public HttpHeaderConditionConfig? HttpHeaderConfig { get; init; }

    public ValuesConditionConfig? HttpRequestMethodConfig { get; init; }

    public QueryStringConditionConfig? QueryStringConfig { get; init; }

    public ValuesConditionConfig? SourceIpConfig { get; init; }
}

/// <summary><c>HostHeaderConfig</c>, <c>PathPatternConfig</c>, <c>HttpRequestMethodConfig</c>, <c>SourceIpConfig</c>.</summary>
public sealed record ValuesConditionConfig
{
    public ValueList<string> Values { get; init; } = ValueList<string>.Empty;

    /// <summary>Regular expressions (RULE-14): host-header and path-pattern only; not together with <see cref="Values"/>.</summary>
    public ValueList<string>? RegexValues { get; init; }
}

/// <summary><c>HttpHeaderConfig</c>.</summary>
public sealed record HttpHeaderConditionConfig
{
    public string? HttpHeaderName { get; init; }

    public ValueList<string> Values { get; init; } = ValueList<string>.Empty;

    /// <summary>Regular expressions (RULE-14); not together with <see cref="Values"/>.</summary>
    public ValueList<string>? RegexValues { get; init; }
}

/// <summary><c>QueryStringConfig</c>.</summary>
public sealed record QueryStringConditionConfig
{
    public ValueList<QueryStringKeyValueConfig> Values { get; init; } = ValueList<QueryStringKeyValueConfig>.Empty;
}

/// <summary>A <c>{ "Key": ..., "Value": ... }</c> pair of a query-string condition; the key is optional.</summary>
public sealed record QueryStringKeyValueConfig(string? Key, string? Value);

/// <summary>A rule or default action.</summary>
public sealed record ActionConfig
{
    /// <summary><c>forward</c>, <c>redirect</c>, <c>fixed-response</c>, <c>authenticate-oidc</c>, <c>authenticate-cognito</c> or <c>jwt-validation</c>.</summary>
    public string? Type { get; init; }

    /// <summary>1–50000; required when a rule has several actions.</summary>
    public int? Order { get; init; }

    /// <summary>[ext] Target group by name (single-group forward).</summary>
    public string? TargetGroupName { get; init; }

    /// <summary>Target group by ARN (single-group forward).</summary>
    public string? TargetGroupArn { get; init; }

    public ForwardActionConfig? ForwardConfig { get; init; }

    public RedirectActionConfig? RedirectConfig { get; init; }

    public FixedResponseActionConfig? FixedResponseConfig { get; init; }

    public AuthenticateOidcActionConfig? AuthenticateOidcConfig { get; init; }

    public AuthenticateCognitoActionConfig? AuthenticateCognitoConfig { get; init; }

    public JwtValidationActionConfig? JwtValidationConfig { get; init; }
}

/// <summary><c>ForwardConfig</c>: one or more weighted target groups.</summary>
public sealed record ForwardActionConfig
{
    public ValueList<TargetGroupTupleConfig> TargetGroups { get; init; } = ValueList<TargetGroupTupleConfig>.Empty;

    public TargetGroupStickinessConfig? TargetGroupStickinessConfig { get; init; }
}

/// <summary>One weighted target group of a forward action.</summary>
public sealed record TargetGroupTupleConfig
{
    public string? TargetGroupName { get; init; }

    public string? TargetGroupArn { get; init; }

    /// <summary>0–999. Omitted means 1, as in the API.</summary>
    public int? Weight { get; init; }
}

/// <summary>Target-group stickiness of a weighted forward (<c>AWSALBTG</c> cookie).</summary>
public sealed record TargetGroupStickinessConfig
{
    public bool? Enabled { get; init; }

    /// <summary>1–604800 seconds; required when enabled.</summary>
    public int? DurationSeconds { get; init; }
}

/// <summary><c>RedirectConfig</c>.</summary>
public sealed record RedirectActionConfig
{
    public string? Protocol { get; init; }

    public string? Host { get; init; }

    public string? Port { get; init; }

    public string? Path { get; init; }

    public string? Query { get; init; }

    /// <summary><c>HTTP_301</c> or <c>HTTP_302</c>.</summary>
    public string? StatusCode { get; init; }
}

/// <summary><c>FixedResponseConfig</c>.</summary>
public sealed record FixedResponseActionConfig
{
    /// <summary>2XX, 4XX or 5XX, as a string.</summary>
    public string? StatusCode { get; init; }

    public string? ContentType { get; init; }

    public string? MessageBody { get; init; }
}

/// <summary>A target group (<c>AWS::ElasticLoadBalancingV2::TargetGroup</c>).</summary>
public sealed record TargetGroupConfig
{
    public string? Name { get; init; }

    public string? Protocol { get; init; }

    /// <summary><c>HTTP1</c> (default), <c>HTTP2</c> or <c>GRPC</c>.</summary>
    public string? ProtocolVersion { get; init; }

    public int? Port { get; init; }

    /// <summary><c>ip</c> (default here), <c>instance</c> or <c>lambda</c>.</summary>
    public string? TargetType { get; init; }

    public bool? HealthCheckEnabled { get; init; }

    public string? HealthCheckPath { get; init; }

    /// <summary>A port number or <c>traffic-port</c>, as a string (as in the API).</summary>
    public string? HealthCheckPort { get; init; }

    public string? HealthCheckProtocol { get; init; }

    public int? HealthCheckIntervalSeconds { get; init; }

    public int? HealthCheckTimeoutSeconds { get; init; }

    public int? HealthyThresholdCount { get; init; }

    public int? UnhealthyThresholdCount { get; init; }

    public MatcherConfig? Matcher { get; init; }

    /// <summary>The VPC the group is reported in (ELBv2 API and config only; no effect on traffic).</summary>
    public string? VpcId { get; init; }

    /// <summary><c>ipv4</c> (default) or <c>ipv6</c>: the address family of the group's targets.</summary>
    public string? IpAddressType { get; init; }

    public ValueList<AttributeConfig> TargetGroupAttributes { get; init; } = ValueList<AttributeConfig>.Empty;

    public ValueList<TargetConfig> Targets { get; init; } = ValueList<TargetConfig>.Empty;
}

/// <summary><c>Matcher</c>: <c>HttpCode</c> for HTTP1/HTTP2 groups, <c>GrpcCode</c> for GRPC groups.</summary>
public sealed record MatcherConfig
{
    public string? HttpCode { get; init; }

    public string? GrpcCode { get; init; }
}

/// <summary>A registered target.</summary>
public sealed record TargetConfig
{
    /// <summary>An IP address, [ext] a DNS host name, or a Lambda function name/ARN.</summary>
    public string? Id { get; init; }

    /// <summary>Defaults to the target group's port.</summary>
    public int? Port { get; init; }

    public string? AvailabilityZone { get; init; }

    /// <summary>[ext] Where the Lambda Invoke API is served for a lambda target.</summary>
    public string? LambdaEndpoint { get; init; }
}
