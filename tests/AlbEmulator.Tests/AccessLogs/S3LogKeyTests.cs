using AlbEmulator.AccessLogs;
using AlbEmulator.Model;

namespace AlbEmulator.Tests.AccessLogs;

public sealed class S3LogKeyTests
{
    [Theory]
    [InlineData("2014-02-15T23:35:00.0000000Z", "2014-02-15T23:40:00.0000000Z")]
    [InlineData("2014-02-15T23:39:59.9999999Z", "2014-02-15T23:40:00.0000000Z")]
    [InlineData("2014-02-15T23:40:00.0000000Z", "2014-02-15T23:45:00.0000000Z")]
    [InlineData("2014-02-15T23:57:12.5000000Z", "2014-02-16T00:00:00.0000000Z")]
    public void IntervalEnd_IsTheEndOfTheFiveMinuteInterval(string time, string end)
    {
        var utc = DateTime.Parse(time, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(DateTime.Parse(end, null, System.Globalization.DateTimeStyles.AdjustToUniversal), S3LogKey.IntervalEnd(utc));
        Assert.Equal(DateTimeKind.Utc, S3LogKey.IntervalEnd(utc).Kind);
    }

    [Fact]
    public void RelativePath_FollowsTheAwsKeyLayout()
    {
        var ids = new AwsIdentifiers("my-loadbalancer");
        var end = new DateTime(2014, 2, 15, 23, 40, 0, DateTimeKind.Utc);

        var path = S3LogKey.RelativePath("prefix/sub", ids, "", end, "20sg8hgm");

        Assert.Equal(
            $"prefix/sub/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2014/02/15/123456789012_elasticloadbalancing_us-east-1_app.my-loadbalancer.{ids.LoadBalancerId}_20140215T2340Z_127.0.0.1_20sg8hgm.log.gz",
            path.Replace('\\', '/'));
    }

    [Fact]
    public void RelativePath_WithoutPrefix_StartsAtAwsLogs_DateIsTheEndDate()
    {
        var ids = new AwsIdentifiers("alb");
        var end = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var path = S3LogKey.RelativePath("", ids, S3LogKey.ConnectionLogPrefix, end, "abcdefgh").Replace('\\', '/');

        Assert.StartsWith("AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/01/01/conn_log_123456789012_elasticloadbalancing_us-east-1_app.alb.", path);
        Assert.EndsWith("_20260101T0000Z_127.0.0.1_abcdefgh.log.gz", path);
    }

    [Fact]
    public void RandomString_IsEightLowerCaseLettersOrDigits()
    {
        Assert.Matches("^[a-z0-9]{8}$", S3LogKey.RandomString());
        Assert.NotEqual(S3LogKey.RandomString(), S3LogKey.RandomString());
    }
}
