using Contracts.DebtPositions;

namespace Testing;

// Random position histories for property tests of the read models: each position has one to three versions, whose
// options come, go and change (amount, transfers, status, debtor, metadata), delivered in a random order so that late
// snapshots happen. Every value a read model stores varies somewhere, nulls included. The same seed gives the same
// histories; the EC is set per delivery path (For), so that two paths can hold the same positions side by side.
public sealed class GeneratedPositions
{
    // The EC of the transfers (a beneficiary), never the EC a path stores the positions under.
    public const string Beneficiary = "77777777777";

    private static readonly string[] Texts = ["TARI 2026", "Rata \"unica\" è dovuta", "Canone unico patrimoniale", "Servizio mensa ✓", "x"];
    private static readonly string[] PositionStatuses = ["VALID", "PUBLISHED", "PARTIALLY_PAID", "PAID", "INVALID", "EXPIRED"];
    private static readonly string[] OptionStatuses = ["PO_UNPAID", "PO_PAID", "PO_PARTIALLY_REPORTED"];
    private readonly Random _random;
    private long _nextIuv;

    private GeneratedPositions(Random random, string iupdPrefix, int count)
    {
        _random = random;
        _nextIuv = random.NextInt64(1, 100_000_000_000_000);
        Histories = [.. Enumerable.Range(0, count).Select(i => History($"{iupdPrefix}-{i:D3}"))];
    }

    // Per position, its versions in the order they are delivered (not necessarily ascending).
    public IReadOnlyList<IReadOnlyList<DebtPositionSnapshot>> Histories { get; }

    // How many delivery rounds: round r delivers the r-th snapshot of every history that has one.
    public int Rounds => Histories.Max(h => h.Count);

    public static GeneratedPositions Create(int seed, string iupdPrefix, int count = 40) => new(new Random(seed), iupdPrefix, count);

    // The snapshots of round round, as the EC organizationFiscalCode holds them.
    public IReadOnlyList<DebtPositionSnapshot> For(string organizationFiscalCode, int round) =>
        [.. Histories.Where(h => round < h.Count).Select(h => h[round] with { OrganizationFiscalCode = organizationFiscalCode })];

    private List<DebtPositionSnapshot> History(string iupd)
    {
        var (first, count) = (_random.Next(1, 3), _random.Next(1, 4));
        var options = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => NewOption()).ToList();
        var versions = new List<DebtPositionSnapshot>();
        for (var version = first; version < first + count; version++)
        {
            if (version > first) options = Evolve(options);
            versions.Add(Snapshot(iupd, version, options));
        }
        return [.. versions.OrderBy(_ => _random.Next())];
    }

    // A later version keeps most options (some changed), drops some, adds some; rarely none are left.
    private List<PaymentOptionSnapshot> Evolve(List<PaymentOptionSnapshot> options)
    {
        var next = new List<PaymentOptionSnapshot>();
        foreach (var option in options)
        {
            var roll = _random.Next(10);
            if (roll < 2) continue;
            next.Add(roll switch
            {
                < 5 => option,
                < 7 => option with { AmountCents = option.AmountCents + _random.Next(1, 5_000) },
                < 9 => option with { Transfers = Transfers(option.AmountCents), Status = Pick(OptionStatuses) },
                _ => option with { Description = Pick(Texts), Debtor = Maybe(Debtor), Metadata = Metadata() },
            });
        }
        if (_random.Next(3) == 0) next.Add(NewOption());
        return next;
    }

    private DebtPositionSnapshot Snapshot(string iupd, long version, List<PaymentOptionSnapshot> options) => new(
        "00000000000", iupd, Pick(PositionStatuses), version, Pick(Texts), Maybe(() => Pick(Texts)), Debtor(),
        Maybe(() => (DateTimeOffset?)Instant()), _random.Next(2) == 0, [.. options], Maybe(() => Pick(Texts)));

    private PaymentOptionSnapshot NewOption()
    {
        var iuv = "01" + (_nextIuv++ % 1_000_000_000_000_000).ToString("D15");
        var cents = _random.NextInt64(1, 1_000_000);
        return new PaymentOptionSnapshot(iuv, "3" + iuv, cents, Pick(Texts), new DateOnly(2026, 1, 1).AddDays(_random.Next(0, 900)),
            Maybe(() => (DateTimeOffset?)Instant()), _random.Next(2) == 0, Pick(OptionStatuses), Maybe(Debtor), Transfers(cents), Metadata());
    }

    private List<TransferSnapshot> Transfers(long cents)
    {
        var split = _random.Next(2) == 0 ? cents : _random.NextInt64(0, cents + 1);
        var first = Transfer(1, split);
        return split == cents ? [first] : [first, Transfer(2, cents - split)];
    }

    private TransferSnapshot Transfer(int id, long cents) => _random.Next(3) switch
    {
        0 => new(id, cents, Beneficiary, Maybe(() => Pick(Texts)), Pick(Texts), "9/0101108TS/", "IT60X0542811101000000123456", null, null, Metadata(),
            Maybe(() => "1234"), Maybe(() => "2026/99")),
        1 => new(id, cents, Beneficiary, "Comune di Demo", Pick(Texts), "9/0101108TS/", null, "IT47E0760103200001010101010", null, Metadata()),
        _ => new(id, cents, Beneficiary, null, Pick(Texts), "9/0301116TS/9/24B0060000000017", null, null, new StampSnapshot("a1b2c3", "01", "RM"),
            Metadata()),
    };

    private DebtorSnapshot Debtor() => new(_random.Next(2) == 0 ? "F" : "G", _random.Next(2) == 0 ? "RSSMRA80A01H501U" : "12345678901",
        Pick(Texts), Maybe(() => "Via Roma"), Maybe(() => "10"), Maybe(() => "00100"), Maybe(() => "Roma"), Maybe(() => "RM"), Maybe(() => "IT"),
        Maybe(() => "mario.rossi@example.it"));

    private Dictionary<string, string> Metadata() =>
        Enumerable.Range(0, _random.Next(0, 3)).ToDictionary(i => $"chiave{i}", _ => Pick(Texts));

    private DateTimeOffset Instant() =>
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(_random.Next(0, 3))).AddSeconds(_random.Next(0, 60_000_000));

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private T? Maybe<T>(Func<T> value) where T : class => _random.Next(3) == 0 ? null : value();

    private T? Maybe<T>(Func<T?> value) where T : struct => _random.Next(3) == 0 ? null : value();
}
