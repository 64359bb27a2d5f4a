using AlbEmulator.Model;

namespace AlbEmulator.Pipeline;

/// <summary>
/// Holds the current <see cref="LoadBalancerModel"/>. Requests take the snapshot once at the start,
/// so a swap is atomic for each request.
/// </summary>
public sealed class AlbRuntime
{
    private volatile LoadBalancerModel _current;

    public AlbRuntime(LoadBalancerModel initial)
    {
        _current = initial;
    }

    public LoadBalancerModel Current => _current;

    public void Swap(LoadBalancerModel next) => _current = next;
}
