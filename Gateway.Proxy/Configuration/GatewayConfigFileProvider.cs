using System.Security.Cryptography;

namespace Gateway.Proxy.Configuration;

/// <summary>
/// Loads the config file, and on every change re-reads it and the catalog file it names. A new version is
/// published only if it parses and validates; otherwise the last good one stays and the errors are reported.
/// At start an invalid file is fatal, with every error named.
/// </summary>
internal sealed class GatewayConfigFileProvider(GatewayConfigFileSource source) : ConfigurationProvider, IDisposable
{
    private readonly Lock _reloadGate = new();
    private ConfigFileWatcher? _watcher;
    private byte[] _fingerprint = [];

    public override void Load()
    {
        var (data, fingerprint, errors) = ReadAndValidate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The gateway config '{source.Files.ConfigPath}' is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        }
        Data = data!;
        _fingerprint = fingerprint;
        _watcher ??= new ConfigFileWatcher(WatchedFiles(), source.PollInterval, Reload);
    }

    public void Dispose() => _watcher?.Dispose();

    private void Reload()
    {
        lock (_reloadGate)
        {
            byte[] fingerprint;
            try
            {
                fingerprint = Fingerprint(WatchedFiles());
            }
            catch (IOException)
            {
                return;
            }
            if (fingerprint.AsSpan().SequenceEqual(_fingerprint))
            {
                return;
            }

            var (data, newFingerprint, errors) = ReadAndValidate();
            _fingerprint = newFingerprint;
            if (errors.Count > 0)
            {
                source.Status.ReportRejected(errors);
                return;
            }
            Data = data!;
            source.Status.ReportAccepted();
            OnReload();
        }
    }

    private (Dictionary<string, string?>? Data, byte[] Fingerprint, IReadOnlyList<string> Errors) ReadAndValidate()
    {
        byte[] fingerprint = [];
        try
        {
            fingerprint = Fingerprint(WatchedFiles());
            var bytes = File.ReadAllBytes(source.Files.ConfigPath);
            if (!TryParse(source.Files.ConfigPath, bytes, out var data, out var parseError))
            {
                return (null, fingerprint, [parseError]);
            }

            var errors = source.Validate(data);
            return (errors.Count == 0 ? data : null, fingerprint, errors);
        }
        catch (IOException ex)
        {
            return (null, fingerprint, [$"{source.Files.ConfigPath}: cannot be read: {ex.Message}"]);
        }
        catch (UnauthorizedAccessException ex)
        {
            return (null, fingerprint, [$"{source.Files.ConfigPath}: cannot be read: {ex.Message}"]);
        }
    }

    /// <summary>The file's keys as configuration sees them (JSON with comments, as the JSON configuration provider reads it).</summary>
    internal static bool TryParse(string path, byte[] bytes, out Dictionary<string, string?> data, out string error)
    {
        data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        error = "";
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var parsed = new ConfigurationBuilder().AddJsonStream(stream).Build();
            foreach (var (key, value) in parsed.AsEnumerable())
            {
                if (value is not null)
                {
                    data[key] = value;
                }
            }
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            error = $"{path}: not valid JSON: {(ex.InnerException ?? ex).Message}";
            return false;
        }
    }

    private string[] WatchedFiles()
    {
        var catalog = source.Files.CatalogPath(TryGet("Gateway:CatalogFile", out var configured) ? configured : null);
        return [source.Files.ConfigPath, catalog];
    }

    /// <summary>A hash of every watched file's content (a missing file counts as empty), so touches without edits are ignored.</summary>
    private static byte[] Fingerprint(string[] files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(File.Exists(file) ? File.ReadAllBytes(file) : []);
            hash.AppendData([0]);
        }
        return hash.GetHashAndReset();
    }
}
