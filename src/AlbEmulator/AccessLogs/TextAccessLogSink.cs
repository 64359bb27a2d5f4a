using System.Text;

namespace AlbEmulator.AccessLogs;

/// <summary>Plain text, one line per request, to a file (appended) or to standard output (<c>--access-log PATH|-</c>).</summary>
public sealed class TextAccessLogSink : IAccessLogSink
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;

    public TextAccessLogSink(string path)
    {
        if (path == "-")
        {
            _writer = Console.Out;
            _ownsWriter = false;
        }
        else
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024, FileOptions.Asynchronous);
            _writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024) { NewLine = "\n" };
            _ownsWriter = true;
        }
    }

    public async ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            await _writer.WriteAsync(line);
            await _writer.WriteAsync('\n');
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _writer.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        if (_ownsWriter)
        {
            await _writer.DisposeAsync();
        }
    }
}
