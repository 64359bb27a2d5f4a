using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Configuration;
using AlbEmulator.Model;

namespace AlbEmulator.Listeners;

/// <summary>
/// [ext] Where generated certificates go and which extra names they carry: <c>--cert-dir</c> /
/// <c>ALB_EMULATOR_CERT_DIR</c> and <c>--cert-names</c> / <c>ALB_EMULATOR_CERT_NAMES</c> (docs/configuration.md).
/// </summary>
public sealed record GeneratedCertificateOptions
{
    /// <summary>The private directory; null = the user's default (<see cref="SelfSignedCertificate.DefaultDirectory"/>).</summary>
    public string? Directory { get; init; }

    /// <summary>Names (DNS names or IP addresses) added to every generated certificate, e.g. a compose service name.</summary>
    public IReadOnlyList<string> ExtraNames { get; init; } = [];
}

/// <summary>The subject alternative names of a generated listener certificate.</summary>
public static class GeneratedCertificateNames
{
    /// <summary>Always present: the loopback names a local client uses.</summary>
    public static readonly IReadOnlyList<string> Always = ["localhost", "alb-emulator.local", "127.0.0.1", "::1"];

    /// <summary>
    /// <see cref="Always"/>, the load balancer's DNS name, every host name the listener's <c>host-header</c>
    /// conditions name (exact names and leading <c>*.</c> wildcards; values with <c>?</c> or an inner <c>*</c>
    /// cannot be a certificate name and are left out), the listener's [ext] <c>GeneratedCertificateNames</c>, and
    /// <paramref name="extraNames"/>. Lower case, de-duplicated, in that order.
    /// </summary>
    public static IReadOnlyList<string> For(ListenerConfig listener, AwsIdentifiers identifiers, IEnumerable<string> extraNames)
    {
        var names = new List<string>();
        void Add(string name)
        {
            var normalized = Normalize(name);
            if (IsCertificateName(normalized) && !names.Contains(normalized))
            {
                names.Add(normalized);
            }
        }

        foreach (var name in Always)
        {
            Add(name);
        }

        Add(identifiers.DnsName);
        foreach (var rule in listener.Rules)
        {
            foreach (var condition in rule.Conditions)
            {
                if (!string.Equals(condition.Field, "host-header", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var value in (IEnumerable<string>?)condition.HostHeaderConfig?.Values ?? [])
                {
                    Add(value);
                }

                foreach (var value in (IEnumerable<string>?)condition.Values ?? [])
                {
                    Add(value);
                }
            }
        }

        foreach (var name in listener.GeneratedCertificateNames)
        {
            Add(name);
        }

        foreach (var name in extraNames)
        {
            Add(name);
        }

        return names;
    }

    /// <summary>A name as the user wrote it (any case, a trailing dot, spaces around) can go into a certificate.</summary>
    public static bool IsValid(string name) => IsCertificateName(Normalize(name));

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>An IP address, a DNS name, or a DNS name under a leading <c>*.</c> wildcard.</summary>
    public static bool IsCertificateName(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        if (IPAddress.TryParse(name, out _))
        {
            return true;
        }

        var host = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
        if (host.Length == 0)
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

/// <summary>
/// The self-signed certificate of an HTTPS listener configured without certificates. It is written as PEM into a
/// directory private to the user (0700, the key 0600) and reused while it is valid and carries the same names, so
/// a client can trust it once. Files the user does not own, or a key others can read, are never used.
/// </summary>
public static class SelfSignedCertificate
{
    private const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// The user's default directory: <c>$XDG_DATA_HOME/alb-emulator/certs</c> (<c>~/.local/share/alb-emulator/certs</c>;
    /// <c>%LOCALAPPDATA%\alb-emulator\certs</c> on Windows); without a home directory,
    /// <c>&lt;temp&gt;/alb-emulator-&lt;user&gt;/certs</c>, checked like any other.
    /// </summary>
    public static string DefaultDirectory()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(data)
            ? Path.Combine(Path.GetTempPath(), $"alb-emulator-{Environment.UserName}", "certs")
            : Path.Combine(data, "alb-emulator", "certs");
    }

    /// <summary>Returns the certificate (with its key) and the PEM path to trust. Throws <see cref="ListenerStartException"/> when the directory cannot be made private.</summary>
    public static (X509Certificate2 Certificate, string PemPath) GetOrCreate(int listenerPort, IReadOnlyList<string> names, string? directory = null, Action<string>? announce = null)
    {
        announce ??= _ => { };
        directory = Path.GetFullPath(directory ?? DefaultDirectory());
        EnsurePrivateDirectory(directory, listenerPort, announce);
        var certPath = Path.Combine(directory, $"listener-{listenerPort}.pem");
        var keyPath = Path.Combine(directory, $"listener-{listenerPort}-key.pem");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            if (!KeyIsPrivate(keyPath, out var problem))
            {
                announce($"Listener {listenerPort}: the generated key {keyPath} {problem}; it is not used, a new key pair replaces it");
            }
            else if (FileOwner.IsCurrentUser(certPath) == false)
            {
                announce($"Listener {listenerPort}: the generated certificate {certPath} belongs to another user; it is not used, a new key pair replaces it");
            }
            else if (TryReuse(certPath, keyPath, names) is { } reused)
            {
                return (reused, certPath);
            }

            // An unusable key is removed before anything else happens (a new one is renamed over it below anyway).
            Delete(keyPath, listenerPort);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=alb-emulator.local", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(365));
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
        WritePrivate(certPath, created.ExportCertificatePem());
        return (X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null), certPath);
    }

    /// <summary>The DNS names and IP addresses of a certificate's subject alternative name extension.</summary>
    public static IReadOnlyList<string> SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }

        return names;
    }

    private static X509Certificate2? TryReuse(string certPath, string keyPath, IReadOnlyList<string> names)
    {
        try
        {
            using var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            var existingNames = SubjectAlternativeNames(existing).Select(n => IPAddress.TryParse(n, out var a) ? a.ToString() : n).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var wanted = names.Select(n => IPAddress.TryParse(n, out var a) ? a.ToString() : n);
            if (existing.NotAfter > DateTime.UtcNow.AddDays(1) && existingNames.SetEquals(wanted))
            {
                return X509CertificateLoader.LoadPkcs12(existing.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException)
        {
            // Unreadable, or a certificate and key that do not belong together (two emulators of this user started
            // at once for the same port each wrote a pair): make a new one.
        }

        return null;
    }

    /// <summary>Creates the directory 0700, or checks an existing one: owned by this user (only the owner may change its mode) and closed to others.</summary>
    private static void EnsurePrivateDirectory(string directory, int listenerPort, Action<string> announce)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory); // Under %LOCALAPPDATA%, private to the user by its ACL.
            return;
        }

        try
        {
            if (!Directory.Exists(directory))
            {
                var parent = Path.GetDirectoryName(directory);
                if (parent is not null)
                {
                    Directory.CreateDirectory(parent);
                }

                Directory.CreateDirectory(directory, PrivateDirectoryMode);
            }

            var mode = File.GetUnixFileMode(directory);

            // A directory someone else made is refused, never used: its owner is read where the platform tells it
            // (root may chmod anything), and chmod succeeds only for the owner.
            if (FileOwner.IsCurrentUser(directory) == false)
            {
                throw new UnauthorizedAccessException();
            }

            File.SetUnixFileMode(directory, PrivateDirectoryMode);
            if ((mode & GroupOrOther) != 0)
            {
                announce($"Listener {listenerPort}: the certificate directory {directory} was open to other users (mode {Octal(mode)}); it is 0700 now");
            }
        }
        catch (UnauthorizedAccessException)
        {
            throw new ListenerStartException($"Listener {listenerPort}: the certificate directory {directory} belongs to another user; refusing to use it. Choose a directory of your own with --cert-dir (ALB_EMULATOR_CERT_DIR).");
        }
        catch (IOException e)
        {
            throw new ListenerStartException($"Listener {listenerPort}: cannot create the certificate directory {directory}: {e.Message} Choose another with --cert-dir (ALB_EMULATOR_CERT_DIR).");
        }
    }

    /// <summary>The key file is this user's (its owner, where the platform tells it, and its mode can be set) and nobody else can read or write it.</summary>
    private static bool KeyIsPrivate(string keyPath, out string problem)
    {
        problem = "";
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        if (FileOwner.IsCurrentUser(keyPath) == false)
        {
            problem = "belongs to another user";
            return false;
        }

        var mode = File.GetUnixFileMode(keyPath);
        if ((mode & GroupOrOther) != 0)
        {
            problem = $"is open to other users (mode {Octal(mode)})";
            return false;
        }

        try
        {
            File.SetUnixFileMode(keyPath, mode);
        }
        catch (UnauthorizedAccessException)
        {
            problem = "belongs to another user";
            return false;
        }

        return true;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static void Delete(string path, int listenerPort)
    {
        try
        {
            File.Delete(path); // No error when a concurrent start removed it first.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ListenerStartException($"Listener {listenerPort}: cannot replace {path}: {e.Message} Remove it, or choose another directory with --cert-dir (ALB_EMULATOR_CERT_DIR).");
        }
    }

    /// <summary>
    /// Writes a file that is 0600 from its creation (never wider for a moment): a new file of a unique name in the
    /// same directory, then renamed over <paramref name="path"/>, so a concurrent start never reads half a file.
    /// </summary>
    private static void WritePrivate(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFileMode;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
