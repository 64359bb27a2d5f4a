using AlbEmulator.Health;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class TargetStickinessCodecTests
{
    private readonly TargetGroupFixture _fixture = new(2);
    private readonly TargetStickinessCodec _codec = new();

    private DateTimeOffset Now => _fixture.Clock.GetUtcNow();

    [Fact]
    public void RoundTrip_FindsTheTarget()
    {
        var value = _codec.Encode(_fixture.Target(2), Now.AddSeconds(60));
        Assert.Equal(StickyLookup.Found, _codec.Find(value, Now, _fixture.Web.StickyPrefix, _fixture.Web.Routing.Candidates, out var target));
        Assert.Same(_fixture.Target(2), target);
        Assert.DoesNotContain("10.0.0.2", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired() =>
        Assert.Equal(StickyLookup.Expired, _codec.Find(_codec.Encode(_fixture.Target(1), Now.AddSeconds(60)), Now.AddSeconds(61), _fixture.Web.StickyPrefix, _fixture.Web.Routing.Candidates, out _));

    [Fact]
    public void TargetNoLongerACandidate_Unavailable()
    {
        var value = _codec.Encode(_fixture.Target(1), Now.AddSeconds(60));
        _fixture.Web.ApplyResult(_fixture.Target(2), HealthCheckResult.Success);
        Assert.Equal(StickyLookup.Unavailable, _codec.Find(value, Now, _fixture.Web.StickyPrefix, _fixture.Web.Routing.Candidates, out var target));
        Assert.Null(target);
    }

    [Fact]
    public void OtherGroup()
    {
        var spare = _fixture.Model.TargetGroups["spare"].State;
        var value = _codec.Encode(spare.Targets[0], Now.AddSeconds(60));
        Assert.Equal(StickyLookup.OtherGroup, _codec.Find(value, Now, _fixture.Web.StickyPrefix, _fixture.Web.Routing.Candidates, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage!")]
    [InlineData("YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=")]
    public void Foreign_Invalid(string value) =>
        Assert.Equal(StickyLookup.Invalid, _codec.Find(value, Now, _fixture.Web.StickyPrefix, _fixture.Web.Routing.Candidates, out _));

    [Fact]
    public void Tampered_Invalid()
    {
        var bytes = Convert.FromBase64String(_codec.Encode(_fixture.Target(1), Now.AddSeconds(60)));
        bytes[^20] ^= 1;
        Assert.Equal(StickyLookup.Invalid, _codec.Find(Convert.ToBase64String(bytes), Now, _fixture.Web.StickyPrefix, _fixture.Web.Routing.Candidates, out _));
    }

    [Fact]
    public void OtherKey_Invalid() =>
        Assert.Equal(StickyLookup.Invalid, new TargetStickinessCodec().Find(_codec.Encode(_fixture.Target(1), Now.AddDays(1)), Now, _fixture.Web.StickyPrefix, _fixture.Web.Routing.Candidates, out _));
}
