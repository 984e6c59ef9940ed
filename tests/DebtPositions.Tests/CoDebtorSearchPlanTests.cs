using DebtPositions.Statement;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DebtPositions.Tests;

// The search by name reads the trigram index of jointly liable debtors' names (migration 0029), not every notice, on
// a spread of 20,000 positions added and analysed in a transaction that is rolled back (as SearchPlanTests does).
public sealed class CoDebtorSearchPlanTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string Ec = "66666666666";

    [Fact]
    public async Task A_search_by_name_reads_both_trigram_indexes_and_never_every_notice_of_the_ec()
    {
        var plan = await PlanAsync(db => NameSearchApi.Matching(db, Ec, "anna 1234").Take(50));

        var text = string.Join('\n', plan);
        Assert.True(plan.Any(line => line.Contains("ix_positions_full_name_trgm", StringComparison.Ordinal)), text);
        Assert.True(plan.Any(line => line.Contains("ix_payment_options_debtor_name_trgm", StringComparison.Ordinal)), text);
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on payment_options", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on positions", StringComparison.Ordinal));
    }

    private Task<List<string>> PlanAsync<T>(Func<DebtPositionsDb, IQueryable<T>> query) =>
        QueryPlans.ExplainAsync(app.Services, Spread, query);

    // 20,000 positions, 80 % of them in the EC, two notices each; one notice in ten has a jointly liable debtor of its
    // own. Names from a short list, so that a name matches many rows, as surnames do.
    private const string Spread = $"""
        INSERT INTO debt_positions.positions (organization_fiscal_code, iupd, status, version, type, fiscal_code, full_name,
          company_name, switch_to_expired, pay_stand_in, inserted_date, last_updated_date)
        SELECT CASE WHEN g % 5 = 0 THEN '6666666666' || (g % 10) ELSE '{Ec}' END, 'PLAN-' || g, 'VALID', 1, 'F',
               'CF' || lpad(g::text, 14, '0'),
               (ARRAY['ROSSI','RUSSO','BIANCHI','ROMANO','COLOMBO','RICCI','MARINO','GRECO'])[1 + g % 8] || ' '
                 || (ARRAY['MARIO','LUCA','GIULIA','ANNA','MARCO','SARA'])[1 + g % 6] || ' ' || g,
               'Comune', false, false, now(), now()
        FROM generate_series(1, 20000) g;
        INSERT INTO debt_positions.payment_options (position_id, organization_fiscal_code, iuv, nav, amount, description,
          is_partial_payment, due_date, fee, notification_fee, status, metadata, inserted_date, last_updated_date, debtor)
        SELECT p.id, p.organization_fiscal_code, lpad((p.id * 2 + n)::text, 17, '0'), '3' || lpad((p.id * 2 + n)::text, 17, '0'), 10000, 'Rata',
               false, timestamptz '2026-01-01' + (p.id * 37 % 730) * interval '1 day', 0, 0, 'PO_UNPAID', '[]', now(), now(),
               CASE WHEN (p.id + n) % 10 = 0 THEN jsonb_build_object('type', 'F', 'fiscalCode', 'CD' || lpad(p.id::text, 14, '0'),
                   'fullName', (ARRAY['VERDI','ESPOSITO','FERRARI','GALLO'])[1 + p.id % 4] || ' ' || (ARRAY['ANNA','PIETRO','ELENA'])[1 + p.id % 3] || ' ' || p.id) END
        FROM debt_positions.positions p CROSS JOIN generate_series(0, 1) n WHERE p.iupd LIKE 'PLAN-%';
        -- A steady index, not one whose fresh entries (and those of earlier rolled-back spreads) wait in GIN's pending
        -- list, which the planner prices as a scan of that list.
        SELECT gin_clean_pending_list('debt_positions.ix_positions_full_name_trgm'::regclass);
        SELECT gin_clean_pending_list('debt_positions.ix_payment_options_debtor_name_trgm'::regclass);
        ANALYZE debt_positions.positions;
        ANALYZE debt_positions.payment_options;
        """;
}
