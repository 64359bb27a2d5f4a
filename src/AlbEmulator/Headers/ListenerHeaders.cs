using AlbEmulator.Configuration;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Headers;

/// <summary>
/// A listener's header attributes (LST-50, LST-51), compiled once per config: the names of the request
/// headers the ALB adds (mTLS, TLS information) and the response headers it inserts. Defaults come from
/// <see cref="AttributeCatalog.Listener"/>; an empty value means the default (LST-51).
/// </summary>
public sealed class ListenerHeaders
{
    public ListenerHeaders(IReadOnlyList<AttributeConfig> attributes)
    {
        string Name(string key)
        {
            var definition = AttributeCatalog.FindListener(key)!;
            var value = AttributeCatalog.GetOrDefault(attributes, definition);
            return value.Length == 0 ? definition.Default : value;
        }

        MtlsSerialNumber = Name("routing.http.request.x_amzn_mtls_clientcert_serial_number.header_name");
        MtlsIssuer = Name("routing.http.request.x_amzn_mtls_clientcert_issuer.header_name");
        MtlsSubject = Name("routing.http.request.x_amzn_mtls_clientcert_subject.header_name");
        MtlsValidity = Name("routing.http.request.x_amzn_mtls_clientcert_validity.header_name");
        MtlsLeaf = Name("routing.http.request.x_amzn_mtls_clientcert_leaf.header_name");
        MtlsClientCert = Name("routing.http.request.x_amzn_mtls_clientcert.header_name");
        TlsVersion = Name("routing.http.request.x_amzn_tls_version.header_name");
        TlsCipherSuite = Name("routing.http.request.x_amzn_tls_cipher_suite.header_name");
        ServerEnabled = Name("routing.http.response.server.enabled") != "false";

        var inserted = new List<KeyValuePair<string, string>>();
        foreach (var (key, header) in ResponseHeaderKeys)
        {
            var value = AttributeCatalog.GetOrDefault(attributes, AttributeCatalog.FindListener(key)!);
            if (value.Length > 0)
            {
                inserted.Add(new(header, value));
            }
        }

        ResponseHeaders = [.. inserted];
    }

    /// <summary>Each <c>routing.http.response.*.header_value</c> key and the header it sets.</summary>
    public static readonly IReadOnlyList<(string Key, string Header)> ResponseHeaderKeys =
    [
        ("routing.http.response.strict_transport_security.header_value", "Strict-Transport-Security"),
        ("routing.http.response.access_control_allow_origin.header_value", "Access-Control-Allow-Origin"),
        ("routing.http.response.access_control_allow_methods.header_value", "Access-Control-Allow-Methods"),
        ("routing.http.response.access_control_allow_headers.header_value", "Access-Control-Allow-Headers"),
        ("routing.http.response.access_control_allow_credentials.header_value", "Access-Control-Allow-Credentials"),
        ("routing.http.response.access_control_expose_headers.header_value", "Access-Control-Expose-Headers"),
        ("routing.http.response.access_control_max_age.header_value", "Access-Control-Max-Age"),
        ("routing.http.response.content_security_policy.header_value", "Content-Security-Policy"),
        ("routing.http.response.x_content_type_options.header_value", "X-Content-Type-Options"),
        ("routing.http.response.x_frame_options.header_value", "X-Frame-Options"),
    ];

    /// <summary>The defaults: nothing inserted, the documented header names.</summary>
    public static readonly ListenerHeaders Default = new([]);

    public string MtlsSerialNumber { get; }

    public string MtlsIssuer { get; }

    public string MtlsSubject { get; }

    public string MtlsValidity { get; }

    public string MtlsLeaf { get; }

    public string MtlsClientCert { get; }

    public string TlsVersion { get; }

    public string TlsCipherSuite { get; }

    /// <summary><c>routing.http.response.server.enabled</c>: false removes the ALB's own <c>Server: awselb/2.0</c>.</summary>
    public bool ServerEnabled { get; }

    /// <summary>The configured (non-empty) response headers, in attribute-table order.</summary>
    public KeyValuePair<string, string>[] ResponseHeaders { get; }

    /// <summary>True when responses need <see cref="ApplyToResponse"/>.</summary>
    public bool ModifiesResponses => ResponseHeaders.Length > 0 || !ServerEnabled;

    /// <summary>
    /// LST-51 for one response, target's or ALB's own: a static callback for <c>HttpResponse.OnStarting</c>
    /// with the <see cref="HttpContext"/> as its argument (no closure per request).
    /// </summary>
    public static readonly Func<object, Task> OnResponseStarting = static c =>
    {
        var context = (HttpContext)c;
        if (context.Features.Get<Pipeline.IAlbRequestFeature>()?.State is { } state)
        {
            state.Listener.HeaderAttributes.ApplyToResponse(context.Response.Headers, fromTarget: state.TargetStatusCode != 0);
        }

        return Task.CompletedTask;
    };

    /// <summary>
    /// LST-51: every configured header is set on the response, replacing the target's value. With the
    /// Server header disabled, the ALB's own <c>Server: awselb/2.0</c> is removed from responses it
    /// generated (<paramref name="fromTarget"/> false); a target's Server header is its own and stays.
    /// </summary>
    public void ApplyToResponse(IHeaderDictionary headers, bool fromTarget)
    {
        foreach (var (name, value) in ResponseHeaders)
        {
            headers[name] = value;
        }

        if (!ServerEnabled && !fromTarget)
        {
            headers.Remove("Server");
        }
    }
}
