using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Watches the <c>--config</c> file (and, for a template or Terraform plan, its <c>--overrides</c> file). An edit is read
/// (a template re-translated), validated and applied like an API change, but it replaces the whole configuration
/// (docs/control-plane.md, "API changes and file edits"). An invalid edit is logged with every error and the last good
/// configuration stays.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly string _path;
    private readonly string? _overridesPath;
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly AlbControlPlane _controlPlane;
    private readonly FileSystemWatcher[] _watchers;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private string? _lastText;
    private int _applied;
    private int _rejected;

    private ConfigFileWatcher(string path, string? overridesPath, IReadOnlyDictionary<string, string> parameters, AlbControlPlane controlPlane)
    {
        _path = path;
        _overridesPath = overridesPath;
        _parameters = parameters;
        _controlPlane = controlPlane;
        _lastText = TryRead();
        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watchers = [.. new[] { path, overridesPath }.OfType<string>().Select(Watch)];
    }

    private FileSystemWatcher Watch(string file)
    {
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(file)!, Path.GetFileName(file))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Schedule();
        watcher.Created += (_, _) => Schedule();
        watcher.Renamed += (_, _) => Schedule();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>Edits applied so far.</summary>
    public int Applied => Volatile.Read(ref _applied);

    /// <summary>Edits rejected so far.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>The errors of the last rejected edit.</summary>
    public IReadOnlyList<string> LastErrors { get; private set; } = [];

    /// <summary>Watches a config, template or Terraform plan (<paramref name="overridesPath"/>: its overrides file, watched too).</summary>
    public static ConfigFileWatcher Start(string path, string? overridesPath, IReadOnlyDictionary<string, string> parameters, AlbControlPlane controlPlane) =>
        new(Path.GetFullPath(path), overridesPath is null ? null : Path.GetFullPath(overridesPath), parameters, controlPlane);

    private void Schedule() => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Reads the file now and applies it when its content changed.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var text = TryRead();
            if (text is null || text == _lastText)
            {
                return;
            }

            _lastText = text;
            var read = DefinitionFile.ReadImported(_path, _overridesPath, _parameters)?.Read
                ?? AlbConfigReader.ReadText(text, Path.GetDirectoryName(_path)!, _path);
            IReadOnlyList<string> errors = read.Errors.Count > 0 || read.Config is null
                ? read.Errors.Select(e => e.ToString()).ToArray()
                : _controlPlane.Replace(read.Config);
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

    /// <summary>The watched files' content (config, then overrides); null while one is being replaced.</summary>
    private string? TryRead()
    {
        try
        {
            return _overridesPath is null ? File.ReadAllText(_path) : File.ReadAllText(_path) + "\0" + (File.Exists(_overridesPath) ? File.ReadAllText(_overridesPath) : "");
        }
        catch (IOException)
        {
            // Being replaced: the next event reads it again.
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _timer.Dispose();
    }
}
