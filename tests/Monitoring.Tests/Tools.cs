using System.Diagnostics;
using System.Text;

namespace Monitoring.Tests;

// Debian's Prometheus tools, found on PATH: a missing one fails the test with the way to get it.
internal static class Tools
{
    public const string Prometheus = "prometheus";
    public const string Promtool = "promtool";
    public const string PostgresExporter = "prometheus-postgres-exporter";
    public const string Alertmanager = "prometheus-alertmanager";
    public const string Amtool = "amtool";

    public static string Require(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            $"`{name}` is not on PATH. Install it with `apt-get install -y prometheus prometheus-postgres-exporter prometheus-alertmanager` (infra/test.sh does).");
    }

    // Runs a tool to completion; returns its exit code and everything it printed.
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(Require(name), arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Payments.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Payments.sln not found above " + AppContext.BaseDirectory);
    }
}

// A long-running tool (prometheus, the exporter) started by a fixture, logging to a file, killed at the end.
internal sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ToolProcess(Process process, StreamWriter log, string logPath) => (_process, _log, LogPath) = (process, log, logPath);

    public string LogPath { get; }
    public bool HasExited => _process.HasExited;

    public static ToolProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var info = new ProcessStartInfo(Tools.Require(name), arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ToolProcess(process, log, logPath);
    }

    public string LogTail(int lines = 30)
    {
        lock (_log)
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
    }

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
