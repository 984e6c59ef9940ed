using System.Diagnostics;
using System.Text;

namespace Flows.Tests;

// One service of the platform running as its own OS process (`dotnet X.dll`), logging to a file.
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private PlatformProcess(string name, int port, Process process, StreamWriter log, string logPath)
        => (Name, Port, _process, _log, LogPath) = (name, port, process, log, logPath);

    public string Name { get; }
    public int Port { get; }
    public string LogPath { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public bool HasExited => _process.HasExited;

    public static PlatformProcess Start(string name, string dll, int port, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        info.Environment["ASPNETCORE_URLS"] = environment.GetValueOrDefault("ASPNETCORE_URLS") ?? $"http://127.0.0.1:{port}";
        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PlatformProcess(name, port, process, log, logPath);
    }

    // Runs `dotnet X.dll migrate` to completion, as the local script and a k8s Job do.
    public static Task MigrateAsync(string dll, IReadOnlyDictionary<string, string> environment) => RunAsync(dll, ["migrate"], environment);

    // Runs one command of the program (`migrate`, `keys create …`) and returns what it printed.
    public static async Task<string> RunAsync(string dll, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{arguments[0]} of {Path.GetFileName(dll)} failed ({process.ExitCode}): {await output}{await error}");
        return await output;
    }

    public string LogTail(int lines = 40)
    {
        lock (_log)
        {
            _log.Flush();
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
    }

    // Asks the process to stop as Kubernetes and systemd do (SIGTERM), and waits for its exit code.
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        if (SignalTerminate(_process.Id, 15) != 0) throw new InvalidOperationException($"SIGTERM to {Name} failed");
        using var limit = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SignalTerminate(int pid, int signal);

    // Kills the process at once (no graceful shutdown), as a crash would.
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
