using System.Globalization;
using AlbEmulator.Model;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// Where ALB delivers a log file (alb-observability-api.md §1.1, §2): the object key
/// <c>[prefix/]AWSLogs/&lt;account&gt;/elasticloadbalancing/&lt;region&gt;/yyyy/mm/dd/&lt;file&gt;</c> with the file
/// <c>[conn_log_|health_check_log_]&lt;account&gt;_elasticloadbalancing_&lt;region&gt;_app.&lt;name&gt;.&lt;id&gt;_&lt;end yyyyMMddTHHmmZ&gt;_&lt;node ip&gt;_&lt;random&gt;.log.gz</c>.
/// AlbEmulator writes the key as a path under the bucket directory.
/// </summary>
public static class S3LogKey
{
    /// <summary>ALB delivers one file per node every 5 minutes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>The node IP written when a line does not name one (<see cref="AccessLogFormatter.NodeAddress"/>).</summary>
    public const string NodeIp = "127.0.0.1";

    /// <summary>File-name prefix of connection-log files.</summary>
    public const string ConnectionLogPrefix = "conn_log_";

    /// <summary>File-name prefix of health-check-log files.</summary>
    public const string HealthCheckLogPrefix = "health_check_log_";

    private const string RandomAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The end of the 5-minute interval that holds <paramref name="utc"/>: 23:35:00 to 23:39:59.999 end at 23:40.</summary>
    public static DateTime IntervalEnd(DateTime utc)
    {
        var ticks = utc.Ticks - utc.Ticks % Interval.Ticks;
        return new DateTime(ticks, DateTimeKind.Utc) + Interval;
    }

    /// <summary>The path, relative to the bucket directory, of a file for the interval ending at <paramref name="intervalEndUtc"/>.</summary>
    public static string RelativePath(string prefix, AwsIdentifiers identifiers, string filePrefix, DateTime intervalEndUtc, string randomString, string nodeIp = NodeIp)
    {
        var parts = new List<string>(9);
        if (!string.IsNullOrEmpty(prefix))
        {
            parts.AddRange(prefix.Split('/', StringSplitOptions.RemoveEmptyEntries));
        }

        // yyyy/mm/dd is the delivery date: the date the interval ends on.
        parts.Add("AWSLogs");
        parts.Add(identifiers.AccountId);
        parts.Add("elasticloadbalancing");
        parts.Add(identifiers.Region);
        parts.Add(intervalEndUtc.ToString("yyyy", CultureInfo.InvariantCulture));
        parts.Add(intervalEndUtc.ToString("MM", CultureInfo.InvariantCulture));
        parts.Add(intervalEndUtc.ToString("dd", CultureInfo.InvariantCulture));
        parts.Add(FileName(identifiers, filePrefix, intervalEndUtc, randomString, nodeIp));
        return Path.Combine([.. parts]);
    }

    public static string FileName(AwsIdentifiers identifiers, string filePrefix, DateTime intervalEndUtc, string randomString, string nodeIp = NodeIp) =>
        $"{filePrefix}{identifiers.AccountId}_elasticloadbalancing_{identifiers.Region}_{identifiers.LoadBalancerFullName.Replace('/', '.')}_" +
        $"{intervalEndUtc.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture)}_{nodeIp}_{randomString}.log.gz";

    /// <summary>Eight random lower-case letters and digits (ALB's "system generated" string).</summary>
    public static string RandomString() => string.Create(8, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = RandomAlphabet[Random.Shared.Next(RandomAlphabet.Length)];
        }
    });
}
