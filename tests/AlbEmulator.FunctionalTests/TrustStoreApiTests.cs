using System.Xml.Linq;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The ELBv2 trust-store operations with their effect on a verify-mode listener, shown with the real
/// curl and certificates made by openssl: a trust store created by CreateTrustStore (the [ext] local
/// "bucket" is the PKI directory) verifies clients as soon as ModifyListener names it; a revocation added
/// by AddTrustStoreRevocations refuses the revoked client at its next handshake and RemoveTrustStoreRevocations
/// lets it back; ModifyTrustStore swaps the CAs; a CRL not signed by its CA is refused; the Location of
/// GetTrustStoreCaCertificatesBundle serves the bundle; a store in use cannot be deleted.
/// </summary>
public sealed class TrustStoreApiTests : IAsyncLifetime
{
    private static readonly XNamespace Ns = ElbApi.Ns;
    private readonly OpenSslPki _pki = OpenSslPki.Create();
    private TestBackend _backend = null!;
    private AlbTestEnvironment _env = null!;
    private HttpClient _admin = null!;
    private ElbApi _api = null!;
    private OpenSslPki.Authority _root = null!;
    private string _valid = "";
    private string _untrusted = "";
    private string _revoked = "";
    private string _rootCrl = "";
    private string _forgedCrl = "";

    public async Task InitializeAsync()
    {
        _root = await _pki.RootAsync("root", "/O=mTLS/CN=api-root-ca");
        var other = await _pki.RootAsync("other", "/O=Elsewhere/CN=api-other-ca");
        _valid = await _pki.ClientAsync(_root, "valid", "/O=mTLS/CN=valid.client");
        _untrusted = await _pki.ClientAsync(other, "untrusted", "/O=Elsewhere/CN=untrusted.client");
        _revoked = await _pki.ClientAsync(_root, "revoked", "/O=mTLS/CN=revoked.client");
        _rootCrl = await _pki.RevokeAsync(_root, _revoked);

        // Same issuer name as the root, another key: its CRL names the root as issuer and is signed by the impostor.
        var impostor = await _pki.RootAsync("impostor", "/O=mTLS/CN=api-root-ca");
        _forgedCrl = await _pki.RevokeAsync(impostor, await _pki.ClientAsync(impostor, "victim", "/O=mTLS/CN=victim.client"));

        _backend = await TestBackend.StartAsync("web");
        _env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "ts-api" },
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ {{TestConfig.Forward("web")}} ] } ],
              "TargetGroups": [ {{TestConfig.TargetGroup("web", _backend)}} ]
            }
            """, _pki.Directory);
        _admin = new HttpClient { BaseAddress = _env.Server.AdminUri };
        _api = new ElbApi(_env.Server.AdminUri!);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _api.Dispose();
        await _env.DisposeAsync();
        await _backend.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task Trust_store_made_and_changed_by_the_API_decides_the_next_handshakes()
    {
        // No mTLS yet: any client is served.
        Assert.Equal("200", await CurlAsync(_untrusted));

        // The bucket is a local directory (here relative to the config's directory), the key a file in it.
        var created = await CallAsync("CreateTrustStore", ("Name", "clients"), ("CaCertificatesBundleS3Bucket", "."), ("CaCertificatesBundleS3Key", "root.pem"),
            ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "edge"));
        var store = created.Descendants(Ns + "member").Single();
        var arn = store.Element(Ns + "TrustStoreArn")!.Value;
        Assert.Equal(("clients", "ACTIVE", "1", "0"), (store.Element(Ns + "Name")!.Value, store.Element(Ns + "Status")!.Value, store.Element(Ns + "NumberOfCaCertificates")!.Value, store.Element(Ns + "TotalRevokedEntries")!.Value));
        Assert.Matches("^arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/clients/[0-9a-f]{16}$", arn);
        Assert.Equal("DuplicateTrustStoreName", await ErrorAsync("CreateTrustStore", ("Name", "clients"), ("CaCertificatesBundleS3Bucket", "."), ("CaCertificatesBundleS3Key", "root.pem")));
        Assert.Equal("CaCertificatesBundleNotFound", await ErrorAsync("CreateTrustStore", ("Name", "missing"), ("CaCertificatesBundleS3Bucket", "."), ("CaCertificatesBundleS3Key", "nope.pem")));
        Assert.Equal("InvalidCaCertificatesBundle", await ErrorAsync("CreateTrustStore", ("Name", "bad"), ("CaCertificatesBundleS3Bucket", "."), ("CaCertificatesBundleS3Key", "root.key")));

        var listener = _env.Server.Runtime.Current.Listeners[0].Arn;
        await CallAsync("ModifyListener", ("ListenerArn", listener), ("MutualAuthentication.Mode", "verify"), ("MutualAuthentication.TrustStoreArn", arn));
        Assert.Equal("200", await CurlAsync(_valid));
        Assert.Equal("200", await CurlAsync(_revoked));
        Assert.Equal("000", await CurlAsync(_untrusted));
        var associations = await CallAsync("DescribeTrustStoreAssociations", ("TrustStoreArn", arn));
        Assert.Equal([_env.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerArn], associations.Descendants(Ns + "ResourceArn").Select(e => e.Value));

        // A revocation takes effect at the next handshake.
        var added = await CallAsync("AddTrustStoreRevocations", ("TrustStoreArn", arn),
            ("RevocationContents.member.1.S3Bucket", _pki.Directory), ("RevocationContents.member.1.S3Key", Path.GetFileName(_rootCrl)), ("RevocationContents.member.1.RevocationType", "CRL"));
        var revocation = added.Descendants(Ns + "member").Single();
        Assert.Equal(("1", "1"), (revocation.Element(Ns + "RevocationId")!.Value, revocation.Element(Ns + "NumberOfRevokedEntries")!.Value));
        Assert.Equal("000", await CurlAsync(_revoked));
        Assert.Equal("200", await CurlAsync(_valid));
        Assert.Equal("1", (await CallAsync("DescribeTrustStores", ("Names.member.1", "clients"))).Descendants(Ns + "TotalRevokedEntries").Single().Value);

        // A CRL naming the root as issuer but signed by another key is refused; nothing changes.
        var forged = await ErrorResponseAsync("AddTrustStoreRevocations", ("TrustStoreArn", arn),
            ("RevocationContents.member.1.S3Bucket", _pki.Directory), ("RevocationContents.member.1.S3Key", Path.GetFileName(_forgedCrl)));
        Assert.Equal("InvalidRevocationContent", forged.Code);
        Assert.Contains("not signed by the trust store's CA", forged.Message, StringComparison.Ordinal);

        // The revocation content and the bundle at their Location.
        var crlLocation = (await CallAsync("GetTrustStoreRevocationContent", ("TrustStoreArn", arn), ("RevocationId", "1"))).Descendants(Ns + "Location").Single().Value;
        Assert.Equal(NormalizePem(File.ReadAllText(_rootCrl)), NormalizePem(await _admin.GetStringAsync(new Uri(crlLocation))));
        Assert.Equal("RevocationIdNotFound", await ErrorAsync("GetTrustStoreRevocationContent", ("TrustStoreArn", arn), ("RevocationId", "9")));

        Assert.Equal("RevocationIdNotFound", await ErrorAsync("RemoveTrustStoreRevocations", ("TrustStoreArn", arn), ("RevocationIds.member.1", "2")));
        await CallAsync("RemoveTrustStoreRevocations", ("TrustStoreArn", arn), ("RevocationIds.member.1", "1"));
        Assert.Equal("200", await CurlAsync(_revoked));
        Assert.Empty((await CallAsync("DescribeTrustStoreRevocations", ("TrustStoreArn", arn))).Descendants(Ns + "member"));

        // Other CAs: the next handshakes are judged by them.
        var modified = await CallAsync("ModifyTrustStore", ("TrustStoreArn", arn), ("CaCertificatesBundleS3Bucket", _pki.Directory), ("CaCertificatesBundleS3Key", "other.pem"));
        Assert.Equal("1", modified.Descendants(Ns + "NumberOfCaCertificates").Single().Value);
        Assert.Equal("200", await CurlAsync(_untrusted));
        Assert.Equal("000", await CurlAsync(_valid));
        var bundleLocation = (await CallAsync("GetTrustStoreCaCertificatesBundle", ("TrustStoreArn", arn))).Descendants(Ns + "Location").Single().Value;
        Assert.Equal(File.ReadAllText(_pki.PathOf("other.pem")), await _admin.GetStringAsync(new Uri(bundleLocation)));

        // In use by the listener: not deletable until the listener lets go.
        Assert.Equal("TrustStoreInUse", await ErrorAsync("DeleteTrustStore", ("TrustStoreArn", arn)));
        Assert.Equal("DeleteAssociationSameAccount", await ErrorAsync("DeleteSharedTrustStoreAssociation", ("TrustStoreArn", arn), ("ResourceArn", _env.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerArn)));
        await CallAsync("ModifyListener", ("ListenerArn", listener), ("MutualAuthentication.Mode", "off"));
        await CallAsync("DeleteTrustStore", ("TrustStoreArn", arn));
        Assert.Equal("TrustStoreNotFound", await ErrorAsync("DescribeTrustStores", ("TrustStoreArns.member.1", arn)));
        Assert.Equal("ResourceNotFound", await ErrorAsync("GetResourcePolicy", ("ResourceArn", arn)));
        Assert.Equal("200", await CurlAsync(_untrusted));
    }

    /// <summary>curl with a client certificate; the status, or <c>000</c> when the handshake failed.</summary>
    private async Task<string> CurlAsync(string certificate)
    {
        var (_, stdout, _) = await ExternalProcess.RunAsync("curl", ["-sk", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}",
            "--cert", certificate, "--key", certificate.Replace(".pem", ".key", StringComparison.Ordinal), _env.Listener(8443) + "echo"]);
        return stdout.Trim();
    }

    private Task<XDocument> CallAsync(string action, params (string Name, string Value)[] parameters) => _api.CallAsync(action, parameters);

    private Task<string> ErrorAsync(string action, params (string Name, string Value)[] parameters) => _api.ErrorAsync(action, parameters);

    private Task<(string Code, string Message)> ErrorResponseAsync(string action, params (string Name, string Value)[] parameters) => _api.ErrorResponseAsync(action, parameters);

    private static string NormalizePem(string pem) => pem.Replace("\r", "", StringComparison.Ordinal).Trim();
}
