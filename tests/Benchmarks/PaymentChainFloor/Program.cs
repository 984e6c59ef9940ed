// The floor of infra/bench/payments.sh: a payment's event path as a raw MassTransit chain, without our code
// (no database, no inbox, no outbox). Same library and bus configuration as the services (quorum queues,
// persistent messages, publisher confirms, the same retry policy and JSON options), same hops and fan-out,
// fillers of the real events' sizes:
//   ReceiptHop → 1 consumer, which publishes PaymentHop → 2 consumers, one of which publishes PositionHop → 4 consumers.
// Per chain: 3 publishes, 7 deliveries. The publisher keeps CONCURRENCY chains' first publish in flight.
//   dotnet PaymentChainFloor.dll <amqp uri with its own vhost> <chains> [concurrency=32] [sizes=receipt,payment,position bytes] [pids]
// Prints one line: chains=… deliveries=… seconds=… chains_per_s=… deliveries_per_s=… cpu_s=… (this process) and
// others_cpu_s=… (the CPU of the comma-separated pids, e.g. RabbitMQ's, over the measured part only).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PaymentChainFloor;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PaymentChainFloor <amqp uri> <chains> [concurrency=32] [sizes=2600,700,2400]");
    return 2;
}
var uri = new Uri(args[0]);
var chains = long.Parse(args[1], CultureInfo.InvariantCulture);
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
var sizes = (args.Length > 3 ? args[3] : "2600,700,2400").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var others = args.Length > 4 ? args[4].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray() : [];
var fillers = new Fillers(new string('r', sizes[0]), new string('p', sizes[1]), new string('s', sizes[2]));
// Warm-up chains first (connections, JIT), not measured.
var warmUp = Math.Min(chains, 2_000);
const int DeliveriesPerChain = 7;

var measured = new Deliveries(DeliveriesPerChain * (warmUp + chains));
var services = new ServiceCollection();
services.AddSingleton(measured).AddSingleton(fillers);
services.AddMassTransit(bus =>
{
    bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter("floor", false));
    bus.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
    bus.AddConsumer<ReceiptsArchive>();
    bus.AddConsumer<PositionsPaid>();
    bus.AddConsumer<ReportingPaidTransfers>();
    bus.AddConsumer<NodeAdapterNotices>();
    bus.AddConsumer<ActualisationPositions>();
    bus.AddConsumer<IuvIssuancePositions>();
    bus.AddConsumer<ReceiptsWebhooks>();
    bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
    });
    bus.UsingRabbitMq((context, rabbit) =>
    {
        rabbit.Host(uri);
        rabbit.ConfigureJsonSerializerOptions(o =>
        {
            o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.ReadCommentHandling = JsonCommentHandling.Disallow;
            return o;
        });
        rabbit.ConfigureEndpoints(context);
    });
});
await using var provider = services.BuildServiceProvider();
var busControl = provider.GetRequiredService<IBusControl>();
await busControl.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
try
{
    await PublishAsync(warmUp);
    while (measured.Count < DeliveriesPerChain * warmUp) await Task.Delay(50);

    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var othersBefore = CpuSeconds(others);
    var clock = Stopwatch.StartNew();
    await PublishAsync(chains);
    await measured.Done.WaitAsync(TimeSpan.FromMinutes(30));
    var seconds = clock.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    var othersCpu = CpuSeconds(others) - othersBefore;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"chains={chains} deliveries={DeliveriesPerChain * chains} publishes={3 * chains} seconds={seconds:F2} chains_per_s={chains / seconds:F0} deliveries_per_s={DeliveriesPerChain * chains / seconds:F0} cpu_s={cpu:F2} others_cpu_s={othersCpu:F2} sizes={string.Join(',', sizes)} concurrency={concurrency}"));
    return 0;
}
finally
{
    await busControl.StopAsync();
}

// User + system time of other processes from /proc/<pid>/stat (fields 14 and 15, in USER_HZ: 100 per second on Linux).
static double CpuSeconds(int[] pids) => pids.Sum(pid =>
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
});

// The NodeAdapter's outbox relay in the platform; here, each chain's first publish, CONCURRENCY in flight.
async Task PublishAsync(long count)
{
    var next = -1L;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
            await busControl.Publish(new ReceiptHop(Guid.NewGuid(), fillers.Receipt));
    }));
}
