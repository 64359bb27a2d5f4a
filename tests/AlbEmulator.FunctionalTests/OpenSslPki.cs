namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Certificate authorities and client certificates made by the openssl command line (<c>openssl req</c>,
/// <c>openssl ca</c>) in a temporary directory, for the mutual-TLS tests: any validity window, chains of
/// intermediates, revocation and CRLs.
/// </summary>
internal sealed class OpenSslPki : IDisposable
{
    private OpenSslPki(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public static OpenSslPki Create() =>
        new(LogFiles.NewTempDirectory("pki"));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>A self-signed root CA: <c>{name}.pem</c>, <c>{name}.key</c> and its <c>openssl ca</c> database.</summary>
    public async Task<Authority> RootAsync(string name, string subject)
    {
        var authority = NewAuthority(name);
        await OpenSslAsync("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", authority.Key, "-out", authority.Certificate,
            "-days", "30", "-subj", subject, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return authority;
    }

    /// <summary>An intermediate CA signed by <paramref name="issuer"/>.</summary>
    public async Task<Authority> IntermediateAsync(Authority issuer, string name, string subject)
    {
        var authority = NewAuthority(name);
        await OpenSslAsync("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", authority.Key, "-out", authority.Certificate + ".csr", "-subj", subject);
        await SignAsync(issuer, authority.Certificate + ".csr", authority.Certificate, "ca_ext", null, null);
        return authority;
    }

    /// <summary>A client certificate (<c>{name}.pem</c>, <c>{name}.key</c>) signed by <paramref name="issuer"/>, valid for the given window (default: now, 30 days).</summary>
    public async Task<string> ClientAsync(Authority issuer, string name, string subject, string? startDate = null, string? endDate = null)
    {
        var key = PathOf(name + ".key");
        var certificate = PathOf(name + ".pem");
        await OpenSslAsync("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate + ".csr", "-subj", subject);
        await SignAsync(issuer, certificate + ".csr", certificate, "client_ext", startDate, endDate);
        return certificate;
    }

    /// <summary>Revokes a certificate and writes the authority's CRL (PEM) to <c>{authority}.crl.pem</c>.</summary>
    public async Task<string> RevokeAsync(Authority issuer, string certificate)
    {
        await OpenSslAsync("ca", "-batch", "-config", issuer.Config, "-cert", issuer.Certificate, "-keyfile", issuer.Key, "-revoke", certificate);
        var crl = PathOf(issuer.Name + ".crl.pem");
        await OpenSslAsync("ca", "-batch", "-config", issuer.Config, "-cert", issuer.Certificate, "-keyfile", issuer.Key, "-gencrl", "-out", crl);
        return crl;
    }

    /// <summary>Concatenates PEM files (a client chain for <c>curl --cert</c>, a bundle).</summary>
    public string Concatenate(string name, params string[] files)
    {
        var path = PathOf(name);
        File.WriteAllText(path, string.Concat(files.Select(File.ReadAllText)));
        return path;
    }

    /// <summary>One field of <c>openssl x509 -noout</c> (<c>-serial</c>, <c>-subject -nameopt RFC2253</c>, …), without its <c>name=</c> prefix.</summary>
    public static async Task<string> X509FieldAsync(string certificate, params string[] options)
    {
        var output = await OpenSslAsync(["x509", "-in", certificate, "-noout", .. options]);
        var line = output.Trim();
        return line[(line.IndexOf('=') + 1)..];
    }

    public static async Task<string> OpenSslAsync(params string[] arguments)
    {
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("openssl", arguments);
        Assert.True(exit == 0, $"openssl {string.Join(' ', arguments)} failed ({exit}): {stderr}");
        return stdout;
    }

    private Task SignAsync(Authority issuer, string csr, string output, string extensions, string? startDate, string? endDate)
    {
        var arguments = new List<string> { "ca", "-batch", "-notext", "-config", issuer.Config, "-cert", issuer.Certificate, "-keyfile", issuer.Key, "-in", csr, "-out", output, "-extensions", extensions };
        if (startDate is not null)
        {
            arguments.AddRange(["-startdate", startDate]);
        }

        arguments.AddRange(endDate is not null ? ["-enddate", endDate] : ["-days", "30"]);
        return OpenSslAsync([.. arguments]);
    }

    private Authority NewAuthority(string name)
    {
        var database = PathOf(name + "-db");
        System.IO.Directory.CreateDirectory(Path.Combine(database, "certs"));
        File.WriteAllText(Path.Combine(database, "index.txt"), "");
        File.WriteAllText(Path.Combine(database, "serial"), $"{0x1000 + (Math.Abs(name.GetHashCode()) % 0x1000):X4}\n");
        File.WriteAllText(Path.Combine(database, "crlnumber"), "01\n");
        var config = Path.Combine(database, "ca.cnf");
        File.WriteAllText(config, $$"""
            [ca]
            default_ca = CA_default
            [CA_default]
            dir = {{database}}
            database = $dir/index.txt
            new_certs_dir = $dir/certs
            serial = $dir/serial
            crlnumber = $dir/crlnumber
            default_md = sha256
            default_crl_days = 30
            policy = policy_any
            unique_subject = no
            copy_extensions = none
            [policy_any]
            commonName = supplied
            countryName = optional
            stateOrProvinceName = optional
            localityName = optional
            organizationName = optional
            organizationalUnitName = optional
            [client_ext]
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = clientAuth
            [ca_ext]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            """);
        return new Authority(name, PathOf(name + ".pem"), PathOf(name + ".key"), config);
    }

    /// <summary>A certificate authority: its certificate, key and <c>openssl ca</c> configuration.</summary>
    public sealed record Authority(string Name, string Certificate, string Key, string Config);
}
