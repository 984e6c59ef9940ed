using Npgsql;

namespace IuvIssuance;

// Hands out blocks of IUVs. One statement per block: it upserts the EC's counter for its current scheme and advances
// it by the block size, returning where the block starts. PostgreSQL's row lock makes concurrent callers (threads or
// replicas) take disjoint blocks; a block whose caller then fails is lost, exactly like a sequence value, and never
// handed out again.
internal sealed class IuvAllocator(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        WITH cfg AS (
            SELECT aux_digit, segregation_code, application_code,
                   CASE aux_digit WHEN 3 THEN segregation_code ELSE application_code END AS code
            FROM iuv_issuance.organizations WHERE organization_fiscal_code = $1)
        INSERT INTO iuv_issuance.counters AS c (organization_fiscal_code, aux_digit, code, next_base)
        SELECT $1, aux_digit, code, $2 FROM cfg
        ON CONFLICT (organization_fiscal_code, aux_digit, code) DO UPDATE SET next_base = c.next_base + $2
        RETURNING aux_digit, (SELECT segregation_code FROM cfg), (SELECT application_code FROM cfg), next_base - $2
        """;

    public async Task<Allocation> AllocateAsync(string organizationFiscalCode, int count, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue(organizationFiscalCode);
        command.Parameters.AddWithValue((long)count);
        NoticeScheme scheme;
        long first;
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return new Allocation(AllocationOutcome.UnknownOrganization, []);
            scheme = new NoticeScheme(reader.GetInt16(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            first = reader.GetInt64(3);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // The counter's CHECK caps it at 10^13: the statement failed and nothing was taken.
            return new Allocation(AllocationOutcome.SpaceExhausted, []);
        }
        var numbers = new NoticeNumber[count];
        for (var i = 0; i < count; i++) numbers[i] = NoticeNumbers.Build(scheme, first + i);
        return new Allocation(AllocationOutcome.Allocated, numbers);
    }
}

internal enum AllocationOutcome { Allocated, UnknownOrganization, SpaceExhausted }

internal sealed record Allocation(AllocationOutcome Outcome, IReadOnlyList<NoticeNumber> Numbers);
