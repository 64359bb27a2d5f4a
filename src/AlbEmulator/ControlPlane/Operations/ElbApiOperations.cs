using System.Collections.Frozen;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>The ELBv2 actions AlbEmulator answers (docs/control-plane.md); any other Action is <c>InvalidAction</c>.</summary>
internal static class ElbApiOperations
{
    public static readonly FrozenDictionary<string, ElbApiOperation> All = new Dictionary<string, ElbApiOperation>(StringComparer.Ordinal)
    {
        ["DescribeLoadBalancers"] = LoadBalancerOperations.DescribeLoadBalancers,
        ["CreateLoadBalancer"] = LoadBalancerOperations.CreateLoadBalancer,
        ["DeleteLoadBalancer"] = LoadBalancerOperations.DeleteLoadBalancer,
        ["DescribeLoadBalancerAttributes"] = LoadBalancerOperations.DescribeLoadBalancerAttributes,
        ["ModifyLoadBalancerAttributes"] = LoadBalancerOperations.ModifyLoadBalancerAttributes,
        ["DescribeListeners"] = ListenerOperations.DescribeListeners,
        ["DescribeListenerAttributes"] = ListenerAttributeOperations.DescribeListenerAttributes,
        ["ModifyListenerAttributes"] = ListenerAttributeOperations.ModifyListenerAttributes,
        ["CreateListener"] = ListenerOperations.CreateListener,
        ["ModifyListener"] = ListenerOperations.ModifyListener,
        ["DeleteListener"] = ListenerOperations.DeleteListener,
        ["DescribeRules"] = RuleOperations.DescribeRules,
        ["CreateRule"] = RuleOperations.CreateRule,
        ["ModifyRule"] = RuleOperations.ModifyRule,
        ["SetRulePriorities"] = RuleOperations.SetRulePriorities,
        ["DeleteRule"] = RuleOperations.DeleteRule,
        ["DescribeTargetGroups"] = TargetGroupOperations.DescribeTargetGroups,
        ["CreateTargetGroup"] = TargetGroupOperations.CreateTargetGroup,
        ["ModifyTargetGroup"] = TargetGroupOperations.ModifyTargetGroup,
        ["DeleteTargetGroup"] = TargetGroupOperations.DeleteTargetGroup,
        ["DescribeTargetGroupAttributes"] = TargetGroupOperations.DescribeTargetGroupAttributes,
        ["ModifyTargetGroupAttributes"] = TargetGroupOperations.ModifyTargetGroupAttributes,
        ["RegisterTargets"] = TargetOperations.RegisterTargets,
        ["DeregisterTargets"] = TargetOperations.DeregisterTargets,
        ["DescribeTargetHealth"] = TargetOperations.DescribeTargetHealth,
        ["AddTags"] = TagOperations.AddTags,
        ["RemoveTags"] = TagOperations.RemoveTags,
        ["DescribeTags"] = TagOperations.DescribeTags,
        ["SetSecurityGroups"] = StoredSettingOperations.SetSecurityGroups,
        ["SetSubnets"] = StoredSettingOperations.SetSubnets,
        ["SetIpAddressType"] = StoredSettingOperations.SetIpAddressType,
        ["DescribeCapacityReservation"] = StoredSettingOperations.DescribeCapacityReservation,
        ["ModifyCapacityReservation"] = StoredSettingOperations.ModifyCapacityReservation,
        ["ModifyIpPools"] = StoredSettingOperations.ModifyIpPools,
        ["AddListenerCertificates"] = StoredSettingOperations.AddListenerCertificates,
        ["RemoveListenerCertificates"] = StoredSettingOperations.RemoveListenerCertificates,
        ["DescribeListenerCertificates"] = StoredSettingOperations.DescribeListenerCertificates,
        ["DescribeSSLPolicies"] = CatalogueOperations.DescribeSSLPolicies,
        ["DescribeAccountLimits"] = CatalogueOperations.DescribeAccountLimits,
        ["CreateTrustStore"] = TrustStoreOperations.CreateTrustStore,
        ["DescribeTrustStores"] = TrustStoreOperations.DescribeTrustStores,
        ["ModifyTrustStore"] = TrustStoreOperations.ModifyTrustStore,
        ["DeleteTrustStore"] = TrustStoreOperations.DeleteTrustStore,
        ["AddTrustStoreRevocations"] = TrustStoreOperations.AddTrustStoreRevocations,
        ["RemoveTrustStoreRevocations"] = TrustStoreOperations.RemoveTrustStoreRevocations,
        ["DescribeTrustStoreRevocations"] = TrustStoreOperations.DescribeTrustStoreRevocations,
        ["DescribeTrustStoreAssociations"] = TrustStoreOperations.DescribeTrustStoreAssociations,
        ["DeleteSharedTrustStoreAssociation"] = TrustStoreOperations.DeleteSharedTrustStoreAssociation,
        ["GetTrustStoreCaCertificatesBundle"] = TrustStoreOperations.GetTrustStoreCaCertificatesBundle,
        ["GetTrustStoreRevocationContent"] = TrustStoreOperations.GetTrustStoreRevocationContent,
        ["GetResourcePolicy"] = TrustStoreOperations.GetResourcePolicy,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Calls that change nothing (they need no SigV4 header shape when no credentials are configured).</summary>
    public static bool IsReadOnly(string action) => action.StartsWith("Describe", StringComparison.Ordinal) || action.StartsWith("Get", StringComparison.Ordinal);
}
