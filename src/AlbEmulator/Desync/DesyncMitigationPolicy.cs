using AlbEmulator.Model;

namespace AlbEmulator.Desync;

/// <summary>What the load balancer does with a classified request.</summary>
public enum DesyncAction
{
    /// <summary>Forward.</summary>
    Forward,

    /// <summary>Forward, then close the client and the target connections after the response.</summary>
    ForwardThenClose,

    /// <summary>Answer 400 and close the client connection.</summary>
    Block,
}

/// <summary>
/// <c>routing.http.desync_mitigation_mode</c> × tier (DSY-3):
/// <code>
///              monitor  defensive           strictest
/// Compliant    forward  forward             forward
/// Acceptable   forward  forward             block
/// Ambiguous    forward  forward then close  block
/// Severe       forward  block               block
/// </code>
/// </summary>
public static class DesyncMitigationPolicy
{
    public static DesyncAction Decide(DesyncMitigationMode mode, DesyncTier tier) => (mode, tier) switch
    {
        (_, DesyncTier.Compliant) => DesyncAction.Forward,
        (DesyncMitigationMode.Monitor, _) => DesyncAction.Forward,
        (DesyncMitigationMode.Defensive, DesyncTier.Acceptable) => DesyncAction.Forward,
        (DesyncMitigationMode.Defensive, DesyncTier.Ambiguous) => DesyncAction.ForwardThenClose,
        _ => DesyncAction.Block,
    };
}
