using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The built gateway as a child process (<c>dotnet Gateway.Proxy.dll --config FILE</c>), for what only a real process
/// shows: signals and exit codes. It logs JSON lines, which the test can wait for by event id.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waiters = [];

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The public address (the first one the server listens on).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything it wrote so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts it on a free loopback port with <paramref name="environment"/> and waits until it serves.</summary>
    public static async Task<GatewayProcess> StartAsync(string configPath, IReadOnlyDictionary<string, string> environment, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Gateway.Proxy.dll"));
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["Gateway__Logging__Format"] = "json";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var gateway = new GatewayProcess(new Process { StartInfo = start });
        var listening = gateway.WaitForAsync(ListeningPattern());
        var started = gateway.WaitForAsync(StartedPattern());
        gateway._process.OutputDataReceived += (_, line) => gateway.Line(line.Data);
        gateway._process.ErrorDataReceived += (_, line) => gateway.Line(line.Data);
        gateway._process.Start();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        try
        {
            var exited = gateway._process.WaitForExitAsync();
            var first = await Task.WhenAny(started, exited).WaitAsync(within);
            if (first == exited)
            {
                throw new AssertionException($"the gateway exited at start ({gateway._process.ExitCode}):\n{gateway.Output}");
            }
        }
        catch (TimeoutException)
        {
            await gateway.DisposeAsync();
            throw new AssertionException($"the gateway did not start within {within}:\n{gateway.Output}");
        }
        gateway.BaseAddress = new Uri((await listening).Groups[1].Value);
        return gateway;
    }

    /// <summary>Completes when a line with the event id has been logged (at once if it already was).</summary>
    public Task LoggedAsync(int eventId) =>
        WaitForAsync(new Regex(string.Create(CultureInfo.InvariantCulture, $"\"event_id\":{eventId}[,}}]"), RegexOptions.CultureInvariant));

    /// <summary>Sends SIGTERM, as Kubernetes and systemd stop a process (not <see cref="Process.Kill()"/>, which is SIGKILL).</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed ({kill.ExitCode})");
        }
    }

    /// <summary>Its exit code, once it has exited.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(within);
        }
        catch (TimeoutException)
        {
            throw new AssertionException($"the gateway did not exit within {within}:\n{Output}");
        }
        // The asynchronous readers may still be handing over the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private Task<Match> WaitForAsync(Regex pattern)
    {
        lock (_gate)
        {
            var seen = pattern.Match(_output.ToString());
            if (seen.Success)
            {
                return Task.FromResult(seen);
            }
            var waiter = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((pattern, waiter));
            return waiter.Task;
        }
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _output.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waiters[i].Seen.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[^""\s]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningPattern();

    [GeneratedRegex("Application started", RegexOptions.CultureInvariant)]
    private static partial Regex StartedPattern();
}
