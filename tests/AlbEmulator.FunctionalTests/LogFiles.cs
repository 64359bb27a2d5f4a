using System.IO.Compression;

namespace AlbEmulator.FunctionalTests;

/// <summary>Reads the gzip log files an emulator wrote under a bucket directory.</summary>
internal static class LogFiles
{
    public static string[] Find(string directory, string pattern = "*.log.gz") =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, pattern, SearchOption.AllDirectories) : [];

    public static List<string> ReadLines(IEnumerable<string> files)
    {
        var lines = new List<string>();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            lines.AddRange(reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        return lines;
    }

    /// <summary>
    /// The lines of the files under <paramref name="bucketDirectory"/>, after asserting there is at least one and that each
    /// lies under <c>[prefix/]AWSLogs/123456789012/elasticloadbalancing/us-east-1</c> with a name matching <paramref name="fileNamePattern"/>.
    /// </summary>
    public static List<string> ReadS3LayoutLines(string bucketDirectory, string prefix, string fileNamePattern)
    {
        var files = Find(bucketDirectory);
        Assert.NotEmpty(files);
        var keyPrefix = Path.Combine([bucketDirectory, .. prefix.Split('/', StringSplitOptions.RemoveEmptyEntries), "AWSLogs", "123456789012", "elasticloadbalancing", "us-east-1"]);
        Assert.All(files, f =>
        {
            Assert.StartsWith(keyPrefix, f, StringComparison.Ordinal);
            Assert.Matches(fileNamePattern, Path.GetFileName(f));
        });
        return ReadLines(files);
    }

    public static string NewTempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"albemu-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
