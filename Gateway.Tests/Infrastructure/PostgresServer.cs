using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test run: started on first use, shared by every fixture (each makes
/// its own database), stopped and deleted by <see cref="PostgresServerLifetime"/> at the end of the run.
/// It lives in a fresh short folder under /tmp (the unix socket path is limited to ~107 bytes), listens on a
/// free port on 127.0.0.1 and runs with fsync off. Binaries come from PG_BINDIR, else the highest
/// /usr/lib/postgresql/*/bin, else PATH. As root, the server tools run as the postgres user, since initdb
/// refuses root.
/// </summary>
internal sealed class PostgresServer
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private int _stopped;

    private PostgresServer(string root, int port, string binDirectory, bool asPostgresUser)
    {
        Root = root;
        Port = port;
        _binDirectory = binDirectory;
        _asPostgresUser = asPostgresUser;
    }

    public string Root { get; }

    public int Port { get; }

    private string DataDirectory => Path.Combine(Root, "data");

    private string LogFile => Path.Combine(Root, "server.log");

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Stops the shared cluster if this run started one.</summary>
    public static async Task StopSharedAsync()
    {
        if (!Shared.IsValueCreated || !Shared.Value.IsCompletedSuccessfully)
        {
            return;
        }

        await (await Shared.Value).StopAsync();
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // A test's pool is small; dozens of fixtures share max_connections.
        MaxPoolSize = 10,
        Timeout = 30,
    }.ConnectionString;

    /// <summary>Creates a fresh, empty database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "gw_" + Guid.NewGuid().ToString("N")[..16];
        await AdminAsync($"create database {name}");
        return name;
    }

    public Task DropDatabaseAsync(string name) => AdminAsync($"drop database if exists {name} with (force)");

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A cluster of the caller's own, for tests that stop and start the server (the shared one cannot be stopped under
    /// the other fixtures). Dispose it with <see cref="DisposePrivateAsync"/>.
    /// </summary>
    public static Task<PostgresServer> StartPrivateAsync() => StartCoreAsync(registerExitCleanup: false);

    /// <summary>Stops the server (fast shutdown: connections are closed), keeping its data.</summary>
    public Task StopServerAsync() => RunToolAsync("pg_ctl", ["stop", "-w", "-s", "-m", "fast", "-D", DataDirectory]);

    /// <summary>Starts a stopped server again on the same port.</summary>
    public Task StartServerAsync() => RunToolAsync("pg_ctl", ["start", "-w", "-t", "60", "-s", "-D", DataDirectory, "-l", LogFile, "-o", ServerOptions]);

    /// <summary>Stops a private cluster and deletes it.</summary>
    public Task DisposePrivateAsync() => StopAsync();

    private string ServerOptions => string.Create(
        CultureInfo.InvariantCulture,
        $"-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c listen_addresses=127.0.0.1 -p {Port} -k {Root} -c max_connections=300");

    private static Task<PostgresServer> StartAsync() => StartCoreAsync(registerExitCleanup: true);

    private static async Task<PostgresServer> StartCoreAsync(bool registerExitCleanup)
    {
        var binDirectory = FindBinDirectory();
        var asPostgresUser = IsRoot();
        var root = Directory.CreateTempSubdirectory("gwpg").FullName;
        var server = new PostgresServer(root, FreePort(), binDirectory, asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", root], root);
            }

            await server.RunToolAsync("initdb", ["--no-sync", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-U", "postgres", "-D", server.DataDirectory]);
            await server.StartServerAsync();
        }
        catch (Exception exception)
        {
            var log = File.Exists(server.LogFile) ? await File.ReadAllTextAsync(server.LogFile) : "(no server log)";
            await server.StopAsync();
            throw new InvalidOperationException($"The test PostgreSQL did not start: {exception.Message}\n{log}", exception);
        }

        // A crashed or killed test host must not leave a server behind when it can help it.
        if (registerExitCleanup)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        }
        return server;
    }

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunToolAsync("pg_ctl", ["stop", "-w", "-s", "-m", "immediate", "-D", DataDirectory]);
            }
        }
        finally
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], Root)
            : RunAsync(path, arguments, Root);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BINDIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"PG_BINDIR={configured} has no initdb.");
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: double.TryParse(Path.GetFileName(directory), NumberStyles.Float, CultureInfo.InvariantCulture, out var version) ? version : -1))
                .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Directory, "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Directory)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException(
            "No PostgreSQL server binaries found (PG_BINDIR, /usr/lib/postgresql/*/bin, PATH). Install them: apt-get install -y postgresql");
    }

    private static bool IsRoot() => Environment.UserName == "root" || EffectiveUserId() == 0;

    /// <summary>The effective uid from /proc (the second Uid field), which needs no native interop.</summary>
    private static int EffectiveUserId()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return -1;
        }

        var uids = File.ReadLines(status).FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?
            .Split('\t', StringSplitOptions.RemoveEmptyEntries);
        return uids is { Length: > 2 } && int.TryParse(uids[2], CultureInfo.InvariantCulture, out var uid) ? uid : -1;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
