namespace Testing;

// Where the test suite's PostgreSQL and RabbitMQ run: started once per run by infra/test.sh (infra/servers.sh),
// shared by every test project, each test isolating itself in its own database and virtual host. The defaults match
// infra/servers.sh.
public static class TestServers
{
    public static string Postgres { get; } =
        Environment.GetEnvironmentVariable("PAYMENTS_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres";

    public static Uri RabbitMq { get; } =
        new(Environment.GetEnvironmentVariable("PAYMENTS_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:55672/");

    public static Uri RabbitMqManagement { get; } =
        new(Environment.GetEnvironmentVariable("PAYMENTS_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:55673/");

    // A short unique name usable as a database or vhost name.
    public static string UniqueName(string prefix) =>
        $"t_{new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}_{Guid.NewGuid():N}"[..40];
}
