using System.Globalization;
using System.Text.Json;
using Contracts.DebtPositions;

namespace ImportChunks;

/// <summary>Writing the wire form: positional arrays, strings as indices into a table of first uses.</summary>
public sealed partial class ImportedPositionsJsonConverter
{
    private static void WritePosition(Utf8JsonWriter w, StringTable t, DebtPositionSnapshot p)
    {
        w.WriteStartArray();
        t.Write(w, p.OrganizationFiscalCode);
        t.Write(w, p.Iupd);
        t.Write(w, p.Status);
        w.WriteNumberValue(p.Version);
        t.Write(w, p.CompanyName);
        t.Write(w, p.OfficeName);
        WriteDebtor(w, t, p.Debtor);
        t.Write(w, Instant(p.ValidityDate));
        w.WriteBooleanValue(p.SwitchToExpired);
        w.WriteStartArray();
        foreach (var o in p.Options)
        {
            w.WriteStartArray();
            t.Write(w, o.Iuv);
            t.Write(w, o.Nav);
            w.WriteNumberValue(o.AmountCents);
            t.Write(w, o.Description);
            t.Write(w, Date(o.DueDate));
            t.Write(w, Instant(o.RetentionDate));
            w.WriteBooleanValue(o.IsPartialPayment);
            t.Write(w, o.Status);
            WriteDebtor(w, t, o.Debtor);
            w.WriteStartArray();
            foreach (var tr in o.Transfers)
            {
                w.WriteStartArray();
                w.WriteNumberValue(tr.IdTransfer);
                w.WriteNumberValue(tr.AmountCents);
                t.Write(w, tr.OrganizationFiscalCode);
                t.Write(w, tr.CompanyName);
                t.Write(w, tr.RemittanceInformation);
                t.Write(w, tr.Category);
                t.Write(w, tr.Iban);
                t.Write(w, tr.PostalIban);
                if (tr.Stamp is { } stamp) t.WriteArray(w, [stamp.HashDocument, stamp.StampType, stamp.ProvincialResidence]);
                else w.WriteNullValue();
                WriteMetadata(w, t, tr.Metadata);
                // Added after the first release of this form (ADR 0029): left out when absent, so a chunk without
                // them is byte for byte what it was, and readers from before skip them.
                if (tr.AccountingChapter is not null || tr.AccountingAssessment is not null)
                {
                    t.Write(w, tr.AccountingChapter);
                    if (tr.AccountingAssessment is not null) t.Write(w, tr.AccountingAssessment);
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            WriteMetadata(w, t, o.Metadata);
            t.Write(w, o.ActualisationRule);
            t.Write(w, o.NotificationDate is { } notified ? Date(notified) : null);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        // Added after the first release of this form (ADR 0041): left out when absent, as the transfers' accounting data.
        if (p.RevenueType is not null) t.Write(w, p.RevenueType);
        w.WriteEndArray();
    }

    private static void WriteDebtor(Utf8JsonWriter w, StringTable t, DebtorSnapshot? d)
    {
        if (d is null) w.WriteNullValue();
        else t.WriteArray(w, [d.Type, d.FiscalCode, d.FullName, d.StreetName, d.CivicNumber, d.PostalCode, d.City, d.Province, d.Country, d.Email]);
    }

    private static void WriteMetadata(Utf8JsonWriter w, StringTable t, IReadOnlyDictionary<string, string>? metadata)
    {
        w.WriteStartArray();
        if (metadata is not null)
            foreach (var (key, value) in metadata)
            {
                t.Write(w, key);
                t.Write(w, value);
            }
        w.WriteEndArray();
    }

    private static string? Instant(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);
    private static string Date(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);
    /// <summary>Each distinct string once, in order of first use.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public List<string> Values { get; } = [];

        public void Write(Utf8JsonWriter w, string? value)
        {
            if (value is null) { w.WriteNullValue(); return; }
            if (!_index.TryGetValue(value, out var i))
            {
                i = Values.Count;
                _index.Add(value, i);
                Values.Add(value);
            }
            w.WriteNumberValue(i);
        }

        /// <summary>An array of strings without its trailing nulls.</summary>
        public void WriteArray(Utf8JsonWriter w, ReadOnlySpan<string?> values)
        {
            var length = values.Length;
            while (length > 0 && values[length - 1] is null) length--;
            w.WriteStartArray();
            for (var i = 0; i < length; i++) Write(w, values[i]);
            w.WriteEndArray();
        }
    }
}
