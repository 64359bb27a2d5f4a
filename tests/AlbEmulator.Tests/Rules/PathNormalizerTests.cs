using AlbEmulator.Rules;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Rules;

public class PathNormalizerTests
{
    [Theory]
    [InlineData("/a/b/c/./../../g", "/a/g")]
    [InlineData("mid/content=5/../6", "mid/6")]
    [InlineData("/./a", "/a")]
    [InlineData("/a/.", "/a/")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/..", "/")]
    [InlineData("/../a", "/a")]
    [InlineData("/../../a/b", "/a/b")]
    [InlineData("/a/../../b", "/b")]
    [InlineData("/api/../admin/x", "/admin/x")]
    [InlineData("/a//../b", "/a/b")]
    [InlineData(".", "")]
    [InlineData("..", "")]
    [InlineData("../a", "a")]
    [InlineData("./a", "a")]
    public void RemoveDotSegments_DotSegments_Removed(string path, string expected)
    {
        Assert.Equal(expected, PathNormalizer.RemoveDotSegments(path));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/a/b/c")]
    [InlineData("/a.b/c..d/.e/f.")]
    [InlineData("/.../x")]
    [InlineData("/%2E%2E/x")]
    [InlineData("/a//b/")]
    public void RemoveDotSegments_NothingToRemove_SameInstance(string path)
    {
        Assert.Same(path, PathNormalizer.RemoveDotSegments(path));
    }

    [Fact]
    public void RemoveDotSegments_NothingToRemove_DoesNotAllocate()
    {
        const string Path = "/api/v1/users/12345/profile.json";
        Assert.Equal(0, Allocations.PerRound(() => PathNormalizer.RemoveDotSegments(Path)));
    }

    [Fact]
    public void RemoveDotSegments_LongPath_Handled()
    {
        var path = "/" + string.Concat(Enumerable.Repeat("seg/", 300)) + "../x";

        Assert.Equal("/" + string.Concat(Enumerable.Repeat("seg/", 299)) + "x", PathNormalizer.RemoveDotSegments(path));
    }
}
