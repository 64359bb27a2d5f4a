namespace AlbEmulator.Tests.Configuration;

/// <summary>ACT-40: what the validator refuses in a rule's Transforms.</summary>
public sealed class TransformValidatorTests
{
    private const string R = "Listener 8080 rule 10";

    private static List<string> Validate(string transforms) => ConfigTestData.Validate(ConfigTestData.Document(
        rules: $$"""{ "Priority": 10, "Conditions": [ { "Field": "path-pattern", "Values": [ "/a" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "web" } ], "Transforms": {{transforms}} }"""));

    [Fact]
    public void One_of_each_type_is_valid()
    {
        Assert.Empty(Validate("""
            [ { "Type": "host-header-rewrite", "HostHeaderRewriteConfig": { "Rewrites": [ { "Regex": "^(.+)\\.example\\.com$", "Replace": "$1.internal" } ] } },
              { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/a$", "Replace": "/b" } ] } } ]
            """));
    }

    [Theory]
    [InlineData("""[ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "a", "Replace": "b" } ] } }, { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "a", "Replace": "b" } ] } } ]""",
        "Transforms[1].Type: A rule can only have one 'url-rewrite' transform")]
    [InlineData("""[ { "Type": "path-rewrite" } ]""", "Transforms[0].Type: Transform type 'path-rewrite' must be one of 'host-header-rewrite', 'url-rewrite'")]
    [InlineData("""[ { "Type": "url-rewrite" } ]""", "Transforms[0]: UrlRewriteConfig is required for transform type 'url-rewrite'")]
    [InlineData("""[ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [] } } ]""", "Transforms[0].UrlRewriteConfig.Rewrites: At least one rewrite is required")]
    [InlineData("""[ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "(?<=a)b", "Replace": "c" } ] } } ]""",
        "Transforms[0].UrlRewriteConfig.Rewrites[0].Regex: Regex '(?<=a)b': lookaheads, lookbehinds, backreferences, atomic groups, possessive quantifiers, subroutines and recursion are not supported")]
    [InlineData("""[ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "a" } ] } } ]""", "Transforms[0].UrlRewriteConfig.Rewrites[0].Replace: Replace is required")]
    [InlineData("""[ { "Type": "host-header-rewrite", "HostHeaderRewriteConfig": { "Rewrites": [ { "Regex": "a", "Replace": "b" } ] }, "UrlRewriteConfig": { "Rewrites": [] } } ]""",
        "Transforms[0].UrlRewriteConfig: UrlRewriteConfig can only be specified when the transform type is 'url-rewrite'")]
    public void Invalid_transforms(string transforms, string expected)
    {
        Assert.Equal([$"{R}: {expected}"], Validate(transforms));
    }

    [Fact]
    public void Regex_and_replace_are_at_most_1024_characters()
    {
        var longText = new string('a', 1025);
        Assert.Equal(
            [$"{R}: Transforms[0].UrlRewriteConfig.Rewrites[0].Regex: Regex cannot be longer than 1024 characters", $"{R}: Transforms[0].UrlRewriteConfig.Rewrites[0].Replace: Replace cannot be longer than 1024 characters"],
            Validate($$"""[ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "{{longText}}", "Replace": "/{{longText}}" } ] } } ]"""));
    }
}
