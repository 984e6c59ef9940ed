// The raw baseline of infra/bench/bulk-import.sh: the same CSV rows, parsed naively (the generated file has
// no quoting) and written with Npgsql binary COPY into one plain table: no validation, no IUVs, no
// positions/notices/transfers/history, no events. What the import costs above this is the platform's.
//   dotnet BulkCopyBaseline.dll <file.csv> "<connection string>"
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: BulkCopyBaseline <file.csv> <connection string>");
    return 2;
}
var (path, connectionString) = (args[0], args[1]);
await using var connection = new NpgsqlConnection(connectionString);
await connection.OpenAsync();
await using (var create = new NpgsqlCommand("""
    CREATE SCHEMA IF NOT EXISTS bench;
    DROP TABLE IF EXISTS bench.bulk_baseline;
    CREATE TABLE bench.bulk_baseline (
        iupd text NOT NULL, debtor_type text NOT NULL, debtor_fiscal_code text NOT NULL, debtor_full_name text NOT NULL,
        company_name text NOT NULL, description text NOT NULL, amount bigint NOT NULL, due_date date NOT NULL,
        remittance_information text NOT NULL, category text NOT NULL, iban text NOT NULL);
    """, connection))
{
    await create.ExecuteNonQueryAsync();
}

var clock = Stopwatch.StartNew();
using var reader = new StreamReader(path);
var header = (await reader.ReadLineAsync())!.Split(',');
int[] order = [.. new[] { "iupd", "debtorType", "debtorFiscalCode", "debtorFullName", "companyName", "description", "amount", "dueDate",
    "remittanceInformation", "category", "iban" }.Select(c => Array.IndexOf(header, c))];
long rows = 0;
await using (var copy = await connection.BeginBinaryImportAsync("COPY bench.bulk_baseline FROM STDIN (FORMAT BINARY)"))
{
    while (await reader.ReadLineAsync() is { } line)
    {
        var f = line.Split(',');
        copy.StartRow();
        for (var i = 0; i < 6; i++) copy.Write(f[order[i]], NpgsqlDbType.Text);
        copy.Write(long.Parse(f[order[6]], CultureInfo.InvariantCulture), NpgsqlDbType.Bigint);
        copy.Write(DateOnly.ParseExact(f[order[7]], "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
        for (var i = 8; i < 11; i++) copy.Write(f[order[i]], NpgsqlDbType.Text);
        rows++;
    }
    await copy.CompleteAsync();
}
var seconds = clock.Elapsed.TotalSeconds;
var peakKb = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
await using (var drop = new NpgsqlCommand("DROP TABLE bench.bulk_baseline", connection)) await drop.ExecuteNonQueryAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows={rows} seconds={seconds:0.00} rows_per_second={rows / seconds:0} peak_rss_kb={peakKb}"));
return 0;
