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

    public static string NewTempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"albemu-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
