using DebtPositions.Gpd;
using DebtPositions.Statement;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DebtPositions.Tests;

// The back office's searches are read through an index, not by reading every notice or position (plans at scale:
// docs/bench/search-plans.md). Each test explains the very command the API sends, on a spread of a few thousand
// positions added and analysed in a transaction that is rolled back: on empty tables a planner's choice means
// nothing.
public sealed class SearchPlanTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string Ec = "66666666666";

    [Fact]
    public async Task A_search_by_notice_number_looks_the_notice_up_by_the_ec_and_the_iuv_inside_it()
    {
        var plan = await PlanAsync(db => StatementApi.Matching(db, Ec, null, "300000000000012346", null, null));

        Assert.Contains(plan, line => line.Contains("ux_payment_options_org_iuv", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("Index Cond: ((organization_fiscal_code = ", StringComparison.Ordinal)
                                      && line.Contains("AND (iuv = ", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on payment_options", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_list_by_due_dates_reads_the_windows_notices_through_the_ec_due_date_index()
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ListFilter.Of(errors, null, null, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 20), null, null, null, null)!;

        var plan = await PlanAsync(db => filter.Matching(db, Ec).Select(p => p.Id));

        Assert.Contains(plan, line => line.Contains("ix_payment_options_org_due_date", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on payment_options", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_search_by_part_of_a_name_in_any_case_reads_the_trigram_index_of_names()
    {
        var plan = await PlanAsync(db => NameSearchApi.Matching(db, Ec, "anna 1234").Take(50));

        Assert.Contains(plan, line => line.Contains("ix_positions_full_name_trgm", StringComparison.Ordinal));
    }

    private Task<List<string>> PlanAsync<T>(Func<DebtPositionsDb, IQueryable<T>> query) =>
        QueryPlans.ExplainAsync(app.Services, Spread, query);

    // 20,000 positions, 80 % of them in the EC, one notice each, due over two years; names from a short list.
    internal const string Spread = $"""
        INSERT INTO debt_positions.positions (organization_fiscal_code, iupd, status, version, type, fiscal_code, full_name,
          company_name, switch_to_expired, pay_stand_in, inserted_date, last_updated_date)
        SELECT CASE WHEN g % 5 = 0 THEN '6666666666' || (g % 10) ELSE '{Ec}' END, 'PLAN-' || g, 'VALID', 1, 'F',
               'CF' || lpad(g::text, 14, '0'),
               (ARRAY['ROSSI','RUSSO','BIANCHI','ROMANO','COLOMBO','RICCI','MARINO','GRECO'])[1 + g % 8] || ' '
                 || (ARRAY['MARIO','LUCA','GIULIA','ANNA','MARCO','SARA'])[1 + g % 6] || ' ' || g,
               'Comune', false, false, now(), now()
        FROM generate_series(1, 20000) g;
        INSERT INTO debt_positions.payment_options (position_id, organization_fiscal_code, iuv, nav, amount, description,
          is_partial_payment, due_date, fee, notification_fee, status, metadata, inserted_date, last_updated_date)
        SELECT p.id, p.organization_fiscal_code, lpad(p.id::text, 17, '0'), '3' || lpad(p.id::text, 17, '0'), 10000, 'Rata',
               false, timestamptz '2026-01-01' + (p.id * 37 % 730) * interval '1 day', 0, 0, 'PO_UNPAID', '[]', now(), now()
        FROM debt_positions.positions p WHERE p.iupd LIKE 'PLAN-%';
        ANALYZE debt_positions.positions;
        ANALYZE debt_positions.payment_options;
        """;
}
