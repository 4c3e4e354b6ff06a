namespace Gateway.Proxy.Configuration;

/// <summary>
/// Calls back when any of a set of files may have changed: a directory watcher for speed, plus a poll, because
/// watchers miss changes made by swapping symlinks (Kubernetes ConfigMaps) and on some file systems.
/// Callers compare content, so spurious callbacks are harmless.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _debounce;
    private readonly Timer _poll;

    public ConfigFileWatcher(IEnumerable<string> files, TimeSpan pollInterval, Action changed)
    {
        _debounce = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);
        _poll = new Timer(_ => changed(), null, pollInterval, pollInterval);

        foreach (var directory in files.Select(Path.GetDirectoryName).Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }
            var watcher = new FileSystemWatcher(directory!)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
        _debounce.Dispose();
        _poll.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
}
