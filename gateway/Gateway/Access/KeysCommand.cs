using ServiceDefaults.Security;

namespace Gateway.Access;

// `Gateway keys …`: the same operations as the admin API, for an operator on the database directly (the first key of
// an installation has no admin to create it). Prints the new key once, or writes it to `--out FILE` (mode 600) so
// that scripts never echo it.
internal static class KeysCommand
{
    private const string Usage = """
        usage: Gateway keys create --client ID --org EC [--org EC …] --role read|write|admin [--expires ISO-DATE] [--out FILE]
               Gateway keys ensure --client ID --org EC [--org EC …] --role read|write|admin --out FILE
               Gateway keys list
               Gateway keys rotate KEY-ID [--overlap-hours N] [--out FILE]
               Gateway keys revoke KEY-ID
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var store = services.GetRequiredService<ApiKeyStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var ct = CancellationToken.None;
        var options = Options(args.Skip(1));
        switch (args.FirstOrDefault())
        {
            case "create":
                var body = new KeysApi.NewKey(One(options, "client"), options.GetValueOrDefault("org")?.ToArray(), One(options, "role"),
                    One(options, "expires") is { } e && DateTimeOffset.TryParse(e, out var at) ? at : null);
                var errors = KeyRules.Check(body, time.GetUtcNow());
                if (errors.Count > 0)
                {
                    foreach (var (field, messages) in errors) await error.WriteLineAsync($"{field}: {string.Join("; ", messages)}");
                    return 2;
                }
                Caller.TryParseRole(body.Role!, out var role);
                var (key, secret) = await store.CreateAsync(body.ClientId!, body.Organizations!.Distinct().ToArray(), role, body.ExpiresAt, null, ct);
                await Print(output, key, secret, One(options, "out"));
                return 0;
            case "ensure" when One(options, "out") is { } file && File.Exists(file):
                await store.RefreshAsync(ct);
                if (store.Find((await File.ReadAllTextAsync(file, ct)).Trim()) is { } kept)
                {
                    await output.WriteLineAsync($"key {kept.Id} in {file} is valid; kept");
                    return 0;
                }
                goto case "create";
            case "ensure":
                goto case "create";
            case "list":
                var now = time.GetUtcNow();
                foreach (var k in await store.ListAsync(null, ct))
                    await output.WriteLineAsync($"{k.Id}  {k.Prefix}…  {k.ClientId}  {k.Role.Name()}  {string.Join(',', k.Organizations)}  {k.Status(now)}  expires {k.ExpiresAt?.ToString("O") ?? "never"}");
                return 0;
            case "rotate" when args.Length > 1 && Guid.TryParse(args[1], out var rotateId) && await store.GetAsync(rotateId, ct) is { } old:
                var hours = int.TryParse(One(options, "overlap-hours"), out var h) ? h : 24;
                var (rotated, newSecret) = await store.RotateAsync(old, TimeSpan.FromHours(hours), ct);
                await Print(output, rotated, newSecret, One(options, "out"));
                return 0;
            case "revoke" when args.Length > 1 && Guid.TryParse(args[1], out var revokeId) && await store.GetAsync(revokeId, ct) is not null:
                await store.RevokeAsync(revokeId, ct);
                await output.WriteLineAsync($"revoked {revokeId}");
                return 0;
            default:
                await error.WriteLineAsync(args.Length > 1 ? $"unknown key or command: {string.Join(' ', args)}\n{Usage}" : Usage);
                return 2;
        }
    }

    private static async Task Print(TextWriter output, ApiKey key, string secret, string? file)
    {
        if (file is null)
        {
            await output.WriteLineAsync(secret);
            await output.WriteLineAsync($"id {key.Id}, client {key.ClientId}, role {key.Role.Name()}, organisations {string.Join(',', key.Organizations)}");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, secret);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await output.WriteLineAsync($"key {key.Id} for {key.ClientId} ({key.Role.Name()}, {string.Join(',', key.Organizations)}) written to {file}");
    }

    private static Dictionary<string, List<string>> Options(IEnumerable<string> args)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal)) name = arg[2..];
            else if (name is not null)
            {
                if (!options.TryGetValue(name, out var values)) options[name] = values = [];
                values.Add(arg);
                name = null;
            }
        }
        return options;
    }

    private static string? One(Dictionary<string, List<string>> options, string name) => options.GetValueOrDefault(name)?.LastOrDefault();
}
