using AlbEmulator.Configuration;
using AlbEmulator.Model;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Opens and closes listener ports as the configuration changes (docs/control-plane.md, "Dynamic
/// listeners"). <see cref="BindNew"/> runs before the swap and throws <see cref="AlbApiError"/> when a
/// port cannot be bound, so a failed bind rejects the whole change; <see cref="UnbindRemoved"/> runs after it.
/// </summary>
internal interface IListenerBinder
{
    /// <summary>Throws <see cref="AlbApiError"/> when <paramref name="next"/> changes a listener in a way that needs a restart (checked before anything is built).</summary>
    void Check(AlbConfig next);

    void BindNew(EmulatorModel next);

    void UnbindRemoved(EmulatorModel current);
}
