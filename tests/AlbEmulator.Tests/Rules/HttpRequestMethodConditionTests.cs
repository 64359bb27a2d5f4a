using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-23: http-request-method values, exact and case-sensitive.</summary>
public class HttpRequestMethodConditionTests
{
    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", true)]
    [InlineData("get", false)]
    [InlineData("Get", false)]
    [InlineData("HEAD", false)]
    [InlineData("PUT", false)]
    [InlineData("GETX", false)]
    public void Matches_Method_ExactCaseSensitive(string method, bool expected)
    {
        var condition = new HttpRequestMethodCondition(["GET", "POST"]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(method: method)));
    }

    [Theory]
    [InlineData("CUSTOM_METHOD", "CUSTOM_METHOD", true)]
    [InlineData("G*", "GET", false)]
    [InlineData("G?T", "GET", false)]
    public void Matches_CustomOrWildcardLooking_Literal(string value, string method, bool expected)
    {
        var condition = new HttpRequestMethodCondition([value]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(method: method)));
    }
}
