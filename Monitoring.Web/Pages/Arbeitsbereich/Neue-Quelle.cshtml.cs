using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;
using Monitoring.Ingest.Tabular;
using nietras.SeparatedValues;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// A new source from the district's own CSV file, in three steps on one page: upload, preview of the parsed rows with
/// the column mapping, save and import through the same importer as every other source.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class NeueQuelleModel(Database database, Importer importer, IConfiguration configuration, IHostEnvironment environment) : PageModel
{
    public const int PreviewRows = 8;

    [BindProperty] public string? SourceName { get; set; }
    [BindProperty] public string? StoredFile { get; set; }
    [BindProperty] public string? FileName { get; set; }
    [BindProperty] public string? AreaColumn { get; set; }
    [BindProperty] public string? PeriodColumn { get; set; }
    [BindProperty] public string? ValueColumn { get; set; }
    [BindProperty] public string? VariableCode { get; set; }
    [BindProperty] public string? VariableLabel { get; set; }
    [BindProperty] public string? Unit { get; set; }

    public IReadOnlyList<string> Header { get; private set; } = [];

    public IReadOnlyList<string[]> Rows { get; private set; } = [];

    public string? Error { get; private set; }

    string Folder => Path.Combine(environment.ContentRootPath, configuration["Imports:UploadFolder"] ?? Path.Combine("data", "uploads"));

    public void OnGet()
    {
    }

    /// <summary>Step 1 → 2: keep the file, show its first rows and the mapping form.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        var limit = configuration.GetValue("Imports:MaxUploadMegabytes", 200L) * 1024 * 1024;
        if (file is null || file.Length == 0 || file.Length > limit)
        {
            Error = file is null || file.Length == 0 ? "Bitte eine CSV-Datei auswählen." : $"Die Datei ist größer als {limit / 1024 / 1024} MB.";
            return Page();
        }
        Directory.CreateDirectory(Folder);
        StoredFile = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}.csv";
        FileName = Path.GetFileName(file.FileName);
        await using (var stored = System.IO.File.Create(Path.Combine(Folder, StoredFile)))
        {
            await file.CopyToAsync(stored, cancellationToken);
        }
        SourceName ??= Path.GetFileNameWithoutExtension(FileName);
        if (!ReadPreview()) Error = "Die Datei ist leer.";
        return Page();
    }

    /// <summary>Step 3: save the source with its mapping and import the file.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (StoredFile is null || !ValidStoredName(StoredFile) || !System.IO.File.Exists(Path.Combine(Folder, StoredFile)))
        {
            Error = "Die hochgeladene Datei ist nicht mehr vorhanden; bitte erneut hochladen.";
            return Page();
        }
        ReadPreview();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(SourceName)) problems.Add("Bitte einen Namen für die Datenquelle angeben.");
        else if (await database.FindSourceAsync(SourceName.Trim(), cancellationToken) is not null) problems.Add("Eine Datenquelle mit diesem Namen gibt es schon.");
        foreach (var (column, label) in new[] { (AreaColumn, "Gebietsspalte"), (PeriodColumn, "Zeitspalte"), (ValueColumn, "Wertspalte") })
        {
            if (column is null || !Header.Contains(column)) problems.Add($"Bitte die {label} wählen.");
        }
        if (string.IsNullOrWhiteSpace(VariableCode) || !System.Text.RegularExpressions.Regex.IsMatch(VariableCode, "^[A-Z][A-Z0-9_]{1,39}$"))
        {
            problems.Add("Der Variablencode besteht aus Großbuchstaben, Ziffern und _ und beginnt mit einem Buchstaben.");
        }
        if (problems.Count > 0)
        {
            Error = string.Join(" ", problems);
            return Page();
        }

        var source = await database.CreateSourceAsync(new DataSource
        {
            Name = SourceName!.Trim(),
            Kind = SourceKind.Tabular,
            Settings = new SourceSettings
            {
                Mapping = new TabularMapping
                {
                    AreaColumn = AreaColumn!,
                    PeriodColumn = PeriodColumn!,
                    Values = [new ValueColumn(ValueColumn!, VariableCode!, string.IsNullOrWhiteSpace(VariableLabel) ? VariableCode! : VariableLabel.Trim(), string.IsNullOrWhiteSpace(Unit) ? null : Unit.Trim())],
                },
            },
        }, cancellationToken);
        await database.WriteAsync(User.AuditName(), "source.create", "source", source.Name, null, source, cancellationToken);
        var path = Path.Combine(Folder, StoredFile);
        try
        {
            var report = await importer.ImportFileAsync(source, path, FileName ?? StoredFile, cancellationToken: cancellationToken);
            return Redirect($"/Arbeitsbereich/Laeufe/{report.RunId}");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    static bool ValidStoredName(string name) => System.Text.RegularExpressions.Regex.IsMatch(name, "^[0-9]{14}-[0-9a-f]{32}\\.csv$");

    bool ReadPreview()
    {
        if (StoredFile is null || !ValidStoredName(StoredFile)) return false;
        var lines = System.IO.File.ReadLines(Path.Combine(Folder, StoredFile), Encoding.UTF8).Take(PreviewRows + 1).ToList();
        if (lines.Count == 0) return false;
        var delimiter = lines[0].Contains(';', StringComparison.Ordinal) ? ';' : lines[0].Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        using var reader = Sep.New(delimiter).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(string.Join('\n', lines));
        var rows = new List<string[]>();
        while (reader.MoveNext())
        {
            var cells = new string[reader.Current.ColCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = reader.Current[i].ToString();
            rows.Add(cells);
        }
        Header = rows.Count > 0 ? rows[0] : [];
        Rows = rows.Skip(1).ToList();
        return true;
    }
}
