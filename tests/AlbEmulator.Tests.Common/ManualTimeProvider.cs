namespace AlbEmulator.Tests.Common;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
