using System.Diagnostics;
using System.Text.Json;

namespace Kubernetes.Tests;

// Runs k8s/validate/validate.mjs (Node.js, npm's kubernetes-models) on a folder of k8s/ and reads its JSON report:
// how many objects the folder renders to, of which kinds, every fault found, and the PostgreSQL connection budget.
internal static class Validator
{
    public static async Task<JsonElement> ReportAsync(string folder)
    {
        var k8s = Path.Combine(RepositoryRoot(), "k8s");
        if (!Directory.Exists(Path.Combine(k8s, "validate", "node_modules")))
            throw new InvalidOperationException("k8s/validate/node_modules is missing: run `npm ci --prefix k8s/validate` (infra/test.sh does)");
        var info = new ProcessStartInfo("node", ["validate/validate.mjs", "--json", folder])
        {
            WorkingDirectory = k8s,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        if (!text.TrimStart().StartsWith('['))
            throw new InvalidOperationException($"validate.mjs gave no report (exit {process.ExitCode}): {text}{await error}");
        return JsonDocument.Parse(text).RootElement[0];
    }

    public static string[] Errors(JsonElement report) =>
        report.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Payments.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Payments.sln not found above " + AppContext.BaseDirectory);
    }
}
