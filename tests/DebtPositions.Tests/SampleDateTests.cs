using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Keeps the suite free of date bombs: no literal date-time that must stay in the future.
public sealed partial class SampleDateTests
{
    [Fact]
    public void No_test_source_or_unrebased_sample_holds_a_literal_date_time_after_the_samples_reference_day()
    {
        var tests = Path.Combine(RepositoryRoot(), "tests");
        var offenders = Directory.EnumerateFiles(tests, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || IsUnrebasedSample(f))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(tests, f), Line: i + 1, Text: line)))
            .SelectMany(l => IsoDateTime().Matches(l.Text).Select(m => (l.File, l.Line, Date: m.Value)))
            // A date that is no date (hostile-input tests send 2026-02-30) can never become a future date.
            .Where(d => DateOnly.TryParseExact(d.Date[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && day > DateOnly.FromDateTime(SampleDates.SamplesTrueOn.UtcDateTime))
            .Select(d => $"{d.File}:{d.Line} {d.Date}")
            .ToList();

        Assert.True(offenders.Count == 0,
            "A literal date-time in the future turns into a failing test on the day it passes. Compute it from now, or load the sample "
            + "through Positions.Sample (which rebases it):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void A_rebased_sample_keeps_the_distance_of_each_date_from_today()
    {
        var sample = JsonNode.Parse("""{"a":{"dueDate":"2026-11-17T11:32:20.554Z"},"b":[{"retentionDate":"2026-12-01T11:32:20.554Z","note":"2026-12-01 stays text"}]}""")!;
        var now = new DateTimeOffset(2026, 6, 6, 9, 0, 0, TimeSpan.Zero);

        SampleDates.Rebase(sample, now);

        Assert.Equal("2026-05-18T11:32:20.554Z", sample["a"]!["dueDate"]!.GetValue<string>());
        Assert.Equal("2026-06-01T11:32:20.554Z", sample["b"]![0]!["retentionDate"]!.GetValue<string>());
        Assert.Equal("2026-12-01 stays text", sample["b"]![0]!["note"]!.GetValue<string>());
    }

    // Samples that the tests load through Positions.Sample are rebased on load; any other sample must not hold a future date.
    private static bool IsUnrebasedSample(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}Samples{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        && !file.Contains($"DebtPositions.Tests{Path.DirectorySeparatorChar}Samples", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Payments.sln"))) return dir.FullName;
        throw new InvalidOperationException("Payments.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]")]
    private static partial Regex IsoDateTime();
}
