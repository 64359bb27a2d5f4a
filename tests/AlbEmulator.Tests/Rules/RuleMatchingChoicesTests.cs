using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

/// <summary>The documented defaults (docs/listener-rules.md) are the ones in force.</summary>
public class RuleMatchingChoicesTests
{
    [Fact]
    public void Defaults_AsDocumented_Unchanged()
    {
        Assert.True(RuleMatchingChoices.HostHeaderIgnoresPort);
        Assert.True(RuleMatchingChoices.PathPatternRemovesDotSegments);
        Assert.False(RuleMatchingChoices.PathPatternPercentDecodes);
        Assert.True(RuleMatchingChoices.QueryStringAlsoMatchesDecoded);
        Assert.True(RuleMatchingChoices.ControlCharactersNeverMatch);
    }
}
