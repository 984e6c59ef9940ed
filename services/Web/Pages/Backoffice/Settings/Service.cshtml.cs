using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;
using Web.Portal;

namespace Web.Pages.Backoffice.Settings;

// Adds or edits one service of the EC's spontaneous-payment catalogue (ADR 0091): the money (description, taxonomy,
// account, amount rule) and the payer's form (schema, fields, amount element, description template). DebtPositions
// checks it against the schema; its refusals are shown next to the fields they name.
[Authorize(Roles = OperatorRole.Administrator)]
public sealed class ServiceModel(IPlatformApi api, IOptions<WebSettings> settings, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly string[] Schemas = ["general-service.xsd", "TassaAutomobilistica_1_1_0.xsd"];
    public static readonly string[] Kinds = ["text", "amount", "date", "fiscal-code", "plate", "choice"];
    private const int BlankRows = 3;

    [FromRoute] public string Ec { get; set; } = "";
    [FromRoute(Name = "serviceId")] public string? Existing { get; set; }

    [BindProperty] public string? ServiceId { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? CompanyName { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Iban { get; set; }
    [BindProperty] public string? PostalIban { get; set; }
    [BindProperty] public string? AmountRule { get; set; } = "from-data";
    [BindProperty] public string? FixedAmount { get; set; }
    [BindProperty] public string? MaxAmount { get; set; }
    [BindProperty] public string? DueDays { get; set; } = "30";
    [BindProperty] public string? Schema { get; set; } = Schemas[0];
    [BindProperty] public string? AmountElement { get; set; }
    [BindProperty] public string? DescriptionTemplate { get; set; }
    [BindProperty] public List<FieldRow> Fields { get; set; } = [];

    // One row of the fields' table; a row without an element is not sent. Choices: one "value=label" a line.
    public sealed class FieldRow
    {
        public string? Element { get; set; }
        public string? Label { get; set; }
        public string? LabelEn { get; set; }
        public string? Kind { get; set; } = "text";
        public bool Required { get; set; }
        public string? MaxLength { get; set; }
        public string? Pattern { get; set; }
        public string? Choices { get; set; }
    }

    // Errors by form key ("Description", "Fields[1].Element"…), from the API or our own conversions.
    public Dictionary<string, string> Errors { get; } = [];

    public string OrganizationName => settings.Value.OrganizationName(Ec);

    public string? ErrorFor(string key) => Errors.GetValueOrDefault(key);

    public string KindLabel(string kind) => kind switch
    {
        "amount" => t["Importo in euro"], "date" => t["Data"], "fiscal-code" => t["Codice fiscale"], "plate" => t["Targa"],
        "choice" => t["Elenco di valori"], _ => t["Testo"],
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        if (Existing is not null)
        {
            var catalogue = (await api.ListCatalogueAsync(ApiCaller.Operator(User), Ec, ct).OrProblem()).Value;
            if (catalogue?.GetValueOrDefault(Existing) is not { } entry) return NotFound();
            Load(Existing, entry);
        }
        PadRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        var serviceId = (Existing ?? ServiceId ?? "").Trim();
        var sent = Fields.Select((row, index) => (row, index)).Where(r => !string.IsNullOrWhiteSpace(r.row.Element)).ToList();
        var entry = new CatalogueEntry(Text(Description), Text(CompanyName), Text(Category), Text(Iban), Text(PostalIban), AmountRule,
            Cents(FixedAmount, nameof(FixedAmount)), Cents(MaxAmount, nameof(MaxAmount)), Number(DueDays, nameof(DueDays)),
            Schema, sent.Count == 0 ? null : sent.Select(r => ToField(r.row, r.index)).ToList(), Text(AmountElement), Text(DescriptionTemplate));
        if (Errors.Count == 0)
        {
            var result = serviceId.Length == 0
                ? null
                : await api.DefineCatalogueEntryAsync(ApiCaller.Operator(User), Ec, serviceId, entry, ct).OrProblem();
            if (result is { IsOk: true }) return LocalRedirect("/backoffice/impostazioni?esito=servizio");
            if (result is null) Errors[nameof(ServiceId)] = t["Campo obbligatorio."];
            else
            {
                foreach (var (path, messages) in result.Problem!.Errors) Errors.TryAdd(FormKey(path, sent.Select(r => r.index).ToList()), string.Join(" ", messages));
                if (result.Problem.Errors.Count == 0) Errors[""] = result.Problem.Detail ?? result.Problem.Title ?? t["Richiesta rifiutata."];
            }
        }
        PadRows();
        return Page();
    }

    private void Load(string serviceId, CatalogueEntry entry)
    {
        ServiceId = serviceId;
        (Description, CompanyName, Category, Iban, PostalIban) = (entry.Description, entry.CompanyName, entry.Category, entry.Iban, entry.PostalIban);
        AmountRule = entry.AmountRule;
        FixedAmount = entry.FixedAmountCents is { } f ? (f / 100m).ToString("0.00", CultureInfo.GetCultureInfo("it-IT")) : null;
        MaxAmount = entry.MaxAmountCents is { } m && m < 99_999_999_999 ? (m / 100m).ToString("0.00", CultureInfo.GetCultureInfo("it-IT")) : null;
        DueDays = entry.DueDays?.ToString(CultureInfo.InvariantCulture);
        (Schema, AmountElement, DescriptionTemplate) = (entry.Schema, entry.AmountElement, entry.DescriptionTemplate);
        Fields = (entry.Fields ?? []).Select(f => new FieldRow
        {
            Element = f.Element, Label = f.Label, LabelEn = f.LabelEn, Kind = f.Kind, Required = f.Required == true,
            MaxLength = f.MaxLength?.ToString(CultureInfo.InvariantCulture), Pattern = f.Pattern,
            Choices = f.Choices is null ? null : string.Join("\n", f.Choices.Select(c => $"{c.Value}={c.Label}")),
        }).ToList();
    }

    private void PadRows()
    {
        while (Fields.Count(r => string.IsNullOrWhiteSpace(r.Element)) < BlankRows && Fields.Count < 20) Fields.Add(new FieldRow());
    }

    private CatalogueField ToField(FieldRow row, int index) => new(row.Element!.Trim(), Text(row.Label), Text(row.LabelEn), row.Kind, row.Required,
        Number(row.MaxLength, $"Fields[{index}].MaxLength"), Text(row.Pattern), Choices(row.Choices));

    private static List<CatalogueChoice>? Choices(string? text)
    {
        var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return null;
        return lines.Select(line => line.Split('=', 2, StringSplitOptions.TrimEntries) is [var value, var label]
            ? new CatalogueChoice(value, label, null) : new CatalogueChoice(line, line, null)).ToList();
    }

    // The API's member ("fields[0].element", "description") as this form's key ("Fields[2].Element", "Description"):
    // the API counts only the rows sent.
    private static string FormKey(string path, IReadOnlyList<int> rows)
    {
        var key = path.Length == 0 ? "" : char.ToUpperInvariant(path[0]) + path[1..];
        if (key.StartsWith("Fields[", StringComparison.Ordinal) && key.IndexOf(']') is var close and > 7
            && int.TryParse(key[7..close], CultureInfo.InvariantCulture, out var sentIndex) && sentIndex < rows.Count)
        {
            var member = key[(close + 1)..];
            return $"Fields[{rows[sentIndex]}]" + (member.Length > 1 ? "." + char.ToUpperInvariant(member[1]) + member[2..] : "");
        }
        return key switch { "FixedAmountCents" => nameof(FixedAmount), "MaxAmountCents" => nameof(MaxAmount), "ServiceId" => nameof(ServiceId), _ => key };
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private long? Cents(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (ServiceForm.Cents(value) is { } cents) return cents;
        Errors[key] = t["Scrivi un importo in euro, ad esempio 25,00."];
        return null;
    }

    private int? Number(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        Errors[key] = t["Scrivi un numero intero."];
        return null;
    }
}
