using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.TrustStores;
using AlbEmulator.Utilities;
using static AlbEmulator.ControlPlane.Query.QueryXml;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// The ELBv2 trust-store operations and GetResourcePolicy (docs/control-plane.md, docs/mutual-tls.md).
/// A local process has no S3: [ext] an <c>S3Bucket</c> is a local directory (relative to the config
/// file, as <c>access_logs.s3.bucket</c> is) and an <c>S3Key</c> a file under it; the object version is
/// accepted and not used. The content is read once, when the call is made (as AWS copies it from S3),
/// and kept in the config's <see cref="TrustStoreConfig.Content"/>: a changed trust store reaches
/// verify-mode listeners with the next snapshot, i.e. the next TLS handshake. <c>Location</c> answers
/// are URLs on the admin endpoint (<see cref="ContentPath"/>) instead of presigned S3 URLs.
/// </summary>
internal static partial class TrustStoreOperations
{
    /// <summary>Trust stores per account (AWS quota, adjustable there, fixed here).</summary>
    public const int MaxTrustStores = 20;

    /// <summary>Where the admin endpoint serves a trust store's content: <c>/trust-stores/{name}/…</c>.</summary>
    public const string ContentPath = "/trust-stores";

    public static IEnumerable<object?> CreateTrustStore(QueryParameters request, AlbControlPlane controlPlane)
    {
        var name = request.Require("Name");
        if (name.Length > 32 || !NamePattern().IsMatch(name))
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-zA-Z0-9]+-)*[a-zA-Z0-9]+$ and have length less than or equal to 32");
        }

        var tags = ShapeReader.Tags(request, "Tags");
        if (tags.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new AlbApiError("DuplicateTagKeys", $"Tag key '{duplicate.Key}' is duplicated");
        }

        if (tags.Count > 50)
        {
            throw new AlbApiError("TooManyTags", "The quota for the number of tags that can be assigned to a trust store has been reached (50)");
        }

        return controlPlane.Change((change, index) =>
        {
            var config = change.Config;
            if (config.TrustStores.Any(t => t.Name == name))
            {
                throw new AlbApiError("DuplicateTrustStoreName", $"A trust store with the name '{name}' already exists");
            }

            if (config.TrustStores.Count >= MaxTrustStores)
            {
                throw new AlbApiError("TooManyTrustStores", $"You've reached the limit on the number of trust stores for your account ({MaxTrustStores})");
            }

            var (pem, cas) = ReadBundle(request, config);
            var store = new TrustStore(name, TrustStoreArns.For(name), cas, [], pem);
            change.Config = config with { TrustStores = config.TrustStores.Append(new TrustStoreConfig { Name = name, Content = store }).ToValueList() };
            TagOperations.Set(change, store.Arn, tags);
            return (IEnumerable<object?>)[TrustStores([store])];
        });
    }

    public static IEnumerable<object?> DescribeTrustStores(QueryParameters request, AlbControlPlane controlPlane)
    {
        var config = controlPlane.State.Model.Config;
        var arns = request.Strings("TrustStoreArns") ?? [];
        var names = request.Strings("Names") ?? [];
        if (arns.Count > 0 && names.Count > 0)
        {
            throw AlbApiError.Validation("Trust store names and ARNs cannot be specified at the same time");
        }

        IReadOnlyList<TrustStoreConfig> selected = arns.Count > 0 ? arns.Select(a => Find(config, a)).ToArray()
            : names.Count > 0 ? names.Select(n => config.TrustStores.FirstOrDefault(t => t.Name == n) ?? throw NotFound(n)).ToArray()
            : config.TrustStores;
        var stores = selected.Select(t => Current(config, t)).ToArray();
        return Paging.Page(request, stores, "TrustStores", Describe);
    }

    public static IEnumerable<object?> ModifyTrustStore(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TrustStoreArn");
        return Edit(controlPlane, arn, (config, store) =>
        {
            var (pem, cas) = ReadBundle(request, config);
            var modified = store.WithCaBundle(cas, pem);
            try
            {
                TrustStoreLoader.Check(modified);
            }
            catch (TrustStoreContentException e)
            {
                throw new AlbApiError("InvalidCaCertificatesBundle", $"The CA certificates bundle does not fit the trust store's revocations: {e.Message}");
            }

            return (modified, (IEnumerable<object?>)[TrustStores([modified])]);
        });
    }

    public static IEnumerable<object?> DeleteTrustStore(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TrustStoreArn");
        return controlPlane.Change((change, index) =>
        {
            var config = change.Config;
            var trustStore = Find(config, arn);
            if (ListenersUsing(config, trustStore.Name!).Any())
            {
                throw new AlbApiError("TrustStoreInUse", $"Trust store '{arn}' is in use by a listener of load balancer '{index.LoadBalancerArn}'");
            }

            change.Config = config with { TrustStores = config.TrustStores.Where(t => !ReferenceEquals(t, trustStore)).ToValueList() };
            change.Tags.Remove(arn);
            return (IEnumerable<object?>)[];
        });
    }

    public static IEnumerable<object?> AddTrustStoreRevocations(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TrustStoreArn");
        var contents = request.Members("RevocationContents");
        return Edit(controlPlane, arn, (config, store) =>
        {
            var revocations = store.Revocations.ToList();
            var added = new List<TrustStoreRevocation>();
            var next = store.NextRevocationId;
            foreach (var content in contents)
            {
                var type = content.Get("RevocationType") ?? "CRL";
                if (type != "CRL")
                {
                    throw AlbApiError.Validation($"1 validation error detected: Value '{type}' at 'revocationContents.member.revocationType' failed to satisfy constraint: Member must satisfy enum value set: [CRL]");
                }

                var pem = ReadLocal(content, "S3Bucket", "S3Key", config, "RevocationContentNotFound", "revocation file", out var source);

                foreach (var list in Content(() => TrustStoreContent.ReadCrls(pem)))
                {
                    var revocation = new TrustStoreRevocation(next++, list, source);
                    revocations.Add(revocation);
                    added.Add(revocation);
                }
            }

            var modified = new TrustStore(store.Name, store.Arn, store.CaCertificates, revocations, store.CaBundlePem, next);
            Content(() =>
            {
                TrustStoreLoader.Check(modified);
                return 0;
            });
            return (modified, (IEnumerable<object?>)[StructList("TrustStoreRevocations", added, r => Revocation(store.Arn, r))]);
        });
    }

    public static IEnumerable<object?> RemoveTrustStoreRevocations(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TrustStoreArn");
        var ids = RevocationIds(request) ?? throw AlbApiError.Missing("RevocationIds");
        return Edit(controlPlane, arn, (_, store) =>
        {
            RequireRevocations(store, ids);
            var modified = store.WithRevocations(store.Revocations.Where(r => !ids.Contains(r.RevocationId)).ToArray());
            return (modified, (IEnumerable<object?>)[]);
        });
    }

    public static IEnumerable<object?> DescribeTrustStoreRevocations(QueryParameters request, AlbControlPlane controlPlane)
    {
        var config = controlPlane.State.Model.Config;
        var store = Current(config, Find(config, request.Require("TrustStoreArn")));
        var ids = RevocationIds(request);
        if (ids is { Count: > 0 })
        {
            RequireRevocations(store, ids);
        }

        var selected = store.Revocations.Where(r => ids is not { Count: > 0 } || ids.Contains(r.RevocationId)).ToArray();
        return Paging.Page(request, selected, "TrustStoreRevocations", r => Revocation(store.Arn, r));
    }

    public static IEnumerable<object?> DescribeTrustStoreAssociations(QueryParameters request, AlbControlPlane controlPlane)
    {
        var state = controlPlane.State;
        var trustStore = Find(state.Model.Config, request.Require("TrustStoreArn"));
        // The load balancers whose listeners verify against it.
        var index = state.Index();
        var associated = ListenersUsing(state.Model.Config, trustStore.Name!)
            .Select(l => index.IdentifiersOf(l).LoadBalancerArn)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return Paging.Page(request, associated, "TrustStoreAssociations", a => [E("ResourceArn", a)]);
    }

    public static IEnumerable<object?> DeleteSharedTrustStoreAssociation(QueryParameters request, AlbControlPlane controlPlane)
    {
        var state = controlPlane.State;
        var trustStore = Find(state.Model.Config, request.Require("TrustStoreArn"));
        var resource = request.Require("ResourceArn");
        var index = state.Index();
        if (index.IsLoadBalancer(resource) && ListenersUsing(state.Model.Config, trustStore.Name!).Any())
        {
            // Everything in a local process belongs to one account: no association is a shared one.
            throw new AlbApiError("DeleteAssociationSameAccount", $"The association between trust store '{request.Get("TrustStoreArn")}' and '{resource}' belongs to the trust store's own account; remove the mutual authentication from the listener instead");
        }

        throw new AlbApiError("AssociationNotFound", $"Trust store '{request.Get("TrustStoreArn")}' has no association with '{resource}'");
    }

    public static IEnumerable<object?> GetTrustStoreCaCertificatesBundle(QueryParameters request, AlbControlPlane controlPlane)
    {
        var config = controlPlane.State.Model.Config;
        var trustStore = Find(config, request.Require("TrustStoreArn"));
        return [E("Location", $"{request.AdminOrigin}{ContentPath}/{trustStore.Name}/ca-certificates-bundle.pem")];
    }

    public static IEnumerable<object?> GetTrustStoreRevocationContent(QueryParameters request, AlbControlPlane controlPlane)
    {
        var config = controlPlane.State.Model.Config;
        var store = Current(config, Find(config, request.Require("TrustStoreArn")));
        var id = ParseId(request.Require("RevocationId"));
        RequireRevocations(store, [id]);
        return [E("Location", $"{request.AdminOrigin}{ContentPath}/{store.Name}/revocations/{id.ToString(CultureInfo.InvariantCulture)}.pem")];
    }

    /// <summary>
    /// [UNCONFIRMED] AWS keeps resource policies for resources shared through AWS RAM; nothing in a local
    /// process is shared, so every resource answers <c>ResourceNotFound</c>, with a message that says
    /// whether the resource exists.
    /// </summary>
    public static IEnumerable<object?> GetResourcePolicy(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("ResourceArn");
        var state = controlPlane.State;
        var index = state.Index();
        var exists = index.IsLoadBalancer(arn) || index.FindListener(arn) is not null || index.FindRule(arn) is not null
            || index.FindTargetGroup(arn) is not null || state.Model.Config.TrustStores.Any(t => t.Name is { } n && TrustStoreArns.For(n) == arn);
        throw new AlbApiError("ResourceNotFound", exists
            ? $"The resource '{arn}' has no resource policy: it is not shared through AWS RAM (nothing is, in AlbEmulator)"
            : $"The resource '{arn}' does not exist");
    }

    /// <summary>The content the admin endpoint serves at <c>/trust-stores/{name}/…</c>, or null (404).</summary>
    public static string? ServedContent(AlbConfig config, string path)
    {
        var parts = path.Trim('/').Split('/');
        if (parts.Length < 2 || config.TrustStores.FirstOrDefault(t => t.Name == parts[0]) is not { } trustStore)
        {
            return null;
        }

        var store = Current(config, trustStore);
        return parts switch
        {
            [_, "ca-certificates-bundle.pem"] => store.CaBundlePem,
            [_, "revocations", var file] when file.EndsWith(".pem", StringComparison.Ordinal)
                && long.TryParse(file[..^4], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && store.Revocations.FirstOrDefault(r => r.RevocationId == id) is { } revocation => revocation.List.Pem,
            _ => null,
        };
    }

    /// <summary>True when <paramref name="arn"/> is the ARN of a trust store of the config.</summary>
    public static bool Exists(AlbConfig config, string arn) => config.TrustStores.Any(t => t.Name is { } n && TrustStoreArns.For(n) == arn);

    /// <summary>A trust store's content now: what the API left, or its config files.</summary>
    private static TrustStore Current(AlbConfig config, TrustStoreConfig trustStore) =>
        trustStore.Content ?? TrustStoreLoader.Load(trustStore, config.BaseDirectory);

    private static TrustStoreConfig Find(AlbConfig config, string arn) =>
        config.TrustStores.FirstOrDefault(t => t.Name is { } n && TrustStoreArns.For(n) == arn) ?? throw NotFound(arn);

    private static AlbApiError NotFound(string arnOrName) => new("TrustStoreNotFound", $"Trust store '{arnOrName}' not found");

    /// <summary>Replaces one trust store's content; the config is validated and a new snapshot built.</summary>
    private static IEnumerable<object?> Edit(AlbControlPlane controlPlane, string arn, Func<AlbConfig, TrustStore, (TrustStore Store, IEnumerable<object?> Result)> edit) =>
        controlPlane.Change((change, _) =>
        {
            var config = change.Config;
            var trustStore = Find(config, arn);
            var (store, result) = edit(config, Current(config, trustStore));
            change.Config = config with
            {
                TrustStores = config.TrustStores.Select(t => ReferenceEquals(t, trustStore) ? t with { Content = store } : t).ToValueList(),
            };
            return result.ToArray();
        });

    private static IEnumerable<ListenerConfig> ListenersUsing(AlbConfig config, string name) =>
        config.AllListeners.Where(l => l.MutualAuthentication is { Mode: "verify" } mutual && TrustStoreLoader.ReferencedName(mutual) == name);

    private static (string Pem, System.Security.Cryptography.X509Certificates.X509Certificate2[] Cas) ReadBundle(QueryParameters request, AlbConfig config)
    {
        var pem = ReadLocal(request, "CaCertificatesBundleS3Bucket", "CaCertificatesBundleS3Key", config, "CaCertificatesBundleNotFound", "CA certificates bundle", out _);
        var cas = Content(() => TrustStoreContent.ReadCaBundle(pem));
        return (pem, cas);
    }

    /// <summary>The text of the local file a bucket and key name; <paramref name="notFoundCode"/> when it cannot be read.</summary>
    private static string ReadLocal(QueryParameters request, string bucketMember, string keyMember, AlbConfig config, string notFoundCode, string what, out string source)
    {
        var (path, named) = LocalObject(request, bucketMember, keyMember, config);
        source = named;
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new AlbApiError(notFoundCode, $"The {what} '{named}' cannot be read: {e.Message}");
        }
    }

    /// <summary>[ext] The local file an S3 bucket and key name: the bucket is a directory (relative to the config file), the key a path under it.</summary>
    private static (string Path, string Source) LocalObject(QueryParameters request, string bucketMember, string keyMember, AlbConfig config)
    {
        var bucket = request.Require(bucketMember);
        var key = request.Require(keyMember);
        var source = $"s3://{bucket}/{key}";
        if (bucket.Length == 0 || key.Length == 0 || Path.IsPathRooted(key))
        {
            throw AlbApiError.Validation($"{bucketMember} must name a local directory and {keyMember} a relative path under it (got '{source}')");
        }

        return (Path.Combine(Path.GetFullPath(bucket, config.BaseDirectory), key), source);
    }

    /// <summary>Runs a content check; its <see cref="TrustStoreContentException"/> becomes the API error of the same code.</summary>
    private static T Content<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (TrustStoreContentException e)
        {
            throw new AlbApiError(e.Code, e.Message);
        }
        catch (CryptographicException e)
        {
            throw new AlbApiError("InvalidCaCertificatesBundle", e.Message);
        }
    }

    private static IReadOnlySet<long>? RevocationIds(QueryParameters request) =>
        request.Strings("RevocationIds") is { } ids ? ids.Select(ParseId).ToHashSet() : null;

    private static long ParseId(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw AlbApiError.Validation($"The revocation ID '{value}' is not a number");

    private static void RequireRevocations(TrustStore store, IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            if (store.Revocations.All(r => r.RevocationId != id))
            {
                throw new AlbApiError("RevocationIdNotFound", $"Revocation ID '{id.ToString(CultureInfo.InvariantCulture)}' not found in trust store '{store.Arn}'");
            }
        }
    }

    private static System.Xml.Linq.XElement TrustStores(IEnumerable<TrustStore> stores) => StructList("TrustStores", stores, Describe);

    private static IEnumerable<object?> Describe(TrustStore store) =>
    [
        E("Name", store.Name),
        E("TrustStoreArn", store.Arn),
        E("Status", "ACTIVE"),
        E("NumberOfCaCertificates", store.CaCertificates.Count),
        E("TotalRevokedEntries", store.TotalRevokedEntries),
    ];

    private static IEnumerable<object?> Revocation(string arn, TrustStoreRevocation revocation) =>
    [
        E("TrustStoreArn", arn),
        E("RevocationId", revocation.RevocationId),
        E("RevocationType", "CRL"),
        E("NumberOfRevokedEntries", revocation.List.RevokedSerials.Count),
    ];

    [GeneratedRegex("^([a-zA-Z0-9]+-)*[a-zA-Z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
