using AlbEmulator.Model;

namespace AlbEmulator.Pipeline;

/// <summary>
/// Holds the current <see cref="EmulatorModel"/> (every load balancer). Requests take the snapshot once
/// at the start, so a swap is atomic for each request.
/// </summary>
public sealed class AlbRuntime
{
    private volatile EmulatorModel _current;

    public AlbRuntime(EmulatorModel initial)
    {
        _current = initial;
    }

    public EmulatorModel Current => _current;

    public void Swap(EmulatorModel next) => _current = next;
}
