using System.Buffers;
using System.Text;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// Plain text, one line per request, to a file (appended) or to standard output (<c>--access-log PATH|-</c>).
/// A reader of the file only ever sees whole lines, even after the process is killed (SIGKILL): lines are
/// encoded into a buffer of whole lines that goes to the file in one write (never split by a stream
/// buffer filling up mid-line), and a torn last line an earlier crash left behind is cut off on open.
/// </summary>
public sealed class TextAccessLogSink : IAccessLogSink
{
    /// <summary>Buffered whole lines are written once they reach this size, else at the flush.</summary>
    private const int WriteThreshold = 64 * 1024;

    private readonly TextWriter? _console;
    private readonly FileStream? _file;
    private readonly ArrayBufferWriter<byte> _pending = new(WriteThreshold);

    public TextAccessLogSink(string path)
    {
        if (path == "-")
        {
            _console = Console.Out;
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0, FileOptions.Asynchronous);
        CutTornLastLine(_file);
        _file.Seek(0, SeekOrigin.End);
    }

    public async ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        if (_console is not null)
        {
            foreach (var line in lines)
            {
                await _console.WriteAsync(line + "\n");
            }

            return;
        }

        foreach (var line in lines)
        {
            var span = _pending.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length) + 1);
            var written = Encoding.UTF8.GetBytes(line, span);
            span[written] = (byte)'\n';
            _pending.Advance(written + 1);
        }

        if (_pending.WrittenCount >= WriteThreshold)
        {
            await WritePendingAsync(cancellationToken);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_console is not null)
        {
            await _console.FlushAsync(cancellationToken);
            return;
        }

        await WritePendingAsync(cancellationToken);
    }

    private async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        // One write of whole lines: nothing half-written sits in a buffer between two writes.
        await _file!.WriteAsync(_pending.WrittenMemory, cancellationToken);
        _pending.Clear();
    }

    /// <summary>Cuts the file back to its last complete line (a line the previous process was killed writing).</summary>
    internal static void CutTornLastLine(FileStream file)
    {
        var length = file.Length;
        if (length == 0)
        {
            return;
        }

        var buffer = new byte[4096];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            var count = (int)(end - start);
            file.Seek(start, SeekOrigin.Begin);
            file.ReadExactly(buffer, 0, count);
            var lastNewline = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (lastNewline >= 0)
            {
                var keep = start + lastNewline + 1;
                if (keep != length)
                {
                    file.SetLength(keep);
                }

                return;
            }

            end = start;
        }

        file.SetLength(0);
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }
}
