using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Watches the <c>--config</c> file. An edit is read, validated and applied like an API change, but it
/// replaces the whole configuration (docs/control-plane.md, "API changes and file edits"). An invalid
/// edit is logged with every error and the last good configuration stays.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly string _path;
    private readonly AlbControlPlane _controlPlane;
    private readonly Waf.WafRegistry? _waf;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private string? _lastText;
    private int _applied;
    private int _rejected;

    private ConfigFileWatcher(string path, AlbControlPlane controlPlane, Waf.WafRegistry? waf)
    {
        _path = path;
        _controlPlane = controlPlane;
        _waf = waf;
        _lastText = TryRead(out _);
        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Edits applied so far.</summary>
    public int Applied => Volatile.Read(ref _applied);

    /// <summary>Edits rejected so far.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>The errors of the last rejected edit.</summary>
    public IReadOnlyList<string> LastErrors { get; private set; } = [];

    /// <summary>Watches <paramref name="path"/>; <paramref name="waf"/> (when given) is reloaded with the file's web ACLs, IP sets and regex pattern sets.</summary>
    public static ConfigFileWatcher Start(string path, AlbControlPlane controlPlane, Waf.WafRegistry? waf = null) => new(Path.GetFullPath(path), controlPlane, waf);

    private void Schedule() => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Reads the file now and applies it when its content changed.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var text = TryRead(out var problem);
            if (text is null && problem is null)
            {
                return; // Being replaced: the next event reads it again.
            }

            if (text == _lastText)
            {
                return;
            }

            _lastText = text;
            IReadOnlyList<string> errors;
            if (problem is not null)
            {
                errors = [problem]; // Over the size limit, or not a regular file: the same limit as at start.
            }
            else
            {
                var read = AlbConfigReader.ReadText(text!, Path.GetDirectoryName(_path)!, _path);
                errors = read.Errors.Count > 0 || read.Config is null
                    ? read.Errors.Select(e => e.ToString()).ToArray()
                    : _controlPlane.Replace(read.Config);
                if (errors.Count == 0 && _waf is not null)
                {
                    errors = _waf.ReloadFromConfig(read.Config!).Select(e => e.ToString()).ToArray();
                }
            }

            var logger = _controlPlane.Logger;
            if (errors.Count > 0)
            {
                LastErrors = errors;
                ControlPlaneLog.LogConfigRejected(logger, _path, errors.Count);
                foreach (var error in errors)
                {
                    ControlPlaneLog.LogConfigProblem(logger, _path, error);
                }

                Interlocked.Increment(ref _rejected);
                return;
            }

            ControlPlaneLog.LogConfigReloaded(logger, _path);
            Interlocked.Increment(ref _applied);
        }
    }

    /// <summary>
    /// The file's text, read with the start-up limit (<see cref="AlbConfigReader.MaxFileBytes"/>, regular files only).
    /// Null text and null problem: the file is missing or locked for a moment (an editor replacing it).
    /// </summary>
    private string? TryRead(out string? problem)
    {
        problem = null;
        if (!File.Exists(_path))
        {
            return null;
        }

        problem = Configuration.Reading.ConfigFileText.Read(_path, AlbConfigReader.MaxFileBytes, out var text);
        if (problem is null)
        {
            return text;
        }

        if (problem.EndsWith(" not found", StringComparison.Ordinal) || problem.Contains(" cannot be read: ", StringComparison.Ordinal))
        {
            problem = null; // Gone or locked for a moment.
            return null;
        }

        return problem; // Too large, a device, binary: compared like a text, so the same problem is reported once.
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }
}
