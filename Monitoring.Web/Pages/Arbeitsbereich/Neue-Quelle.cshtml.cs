using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Tabular;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// A new source from a file, in three steps on one page: upload, preview of the parsed rows with the column mapping (a
/// GENESIS export, recognised by its content, needs none), save and import through the same importer as every other source. The previewed file is kept
/// until the wizard is finished or cancelled; one left open is removed after a day.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class NeueQuelleModel(SourceWrites sources, Importer importer, IConfiguration configuration, IHostEnvironment environment) : PageModel
{
    [BindProperty] public string? SourceName { get; set; }
    [BindProperty] public string? StoredFile { get; set; }
    [BindProperty] public string? FileName { get; set; }
    [BindProperty] public string? AreaColumn { get; set; }
    [BindProperty] public string? PeriodColumn { get; set; }
    [BindProperty] public string? ValueColumn { get; set; }
    [BindProperty] public string? VariableCode { get; set; }
    [BindProperty] public string? VariableLabel { get; set; }
    [BindProperty] public string? Unit { get; set; }

    public TabularPreview? Preview { get; private set; }

    /// <summary>Set when the file is a GENESIS export: it needs no column mapping, its format says where everything is.</summary>
    public GenesisPreview? Genesis { get; private set; }

    public IReadOnlyList<string> Header => Preview?.Header ?? [];

    public IReadOnlyList<IReadOnlyList<string>> Rows => Preview?.Rows ?? [];

    public string? Error { get; private set; }

    string Folder => UploadFolder.Of(configuration, environment);

    public void OnGet()
    {
    }

    /// <summary>Step 1 → 2: keep the file, show its first rows and the mapping form.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        var limit = ImportOptions.From(configuration).MaxUploadBytes;
        if (file is null || file.Length == 0 || file.Length > limit)
        {
            Error = file is null || file.Length == 0 ? "Bitte eine Datei auswählen (CSV, oder ein GENESIS-Export als CSV oder ZIP)." : $"Die Datei ist größer als {limit / 1024 / 1024} MB.";
            return Page();
        }
        Directory.CreateDirectory(Folder);
        UploadFolder.SweepPreviews(Folder, DateTime.UtcNow);
        StoredFile = UploadFolder.NewPreviewName();
        FileName = Path.GetFileName(file.FileName);
        var path = Path.Combine(Folder, StoredFile);
        var kept = false;
        try
        {
            await using (var stored = System.IO.File.Create(path))
            {
                await file.CopyToAsync(stored, cancellationToken);
            }
            kept = await ReadPreviewAsync(path, cancellationToken);
        }
        finally
        {
            // A refused file, or a request cut off while copying, leaves nothing behind.
            if (!kept) System.IO.File.Delete(path);
        }
        SourceName ??= Path.GetFileNameWithoutExtension(FileName);
        return Page();
    }

    /// <summary>Leaving the wizard: the previewed file is deleted.</summary>
    public IActionResult OnPostCancel()
    {
        if (UploadFolder.PreviewPath(Folder, StoredFile) is { } path) System.IO.File.Delete(path);
        return Redirect("/Arbeitsbereich");
    }

    /// <summary>Step 3: save the source with its mapping and import the file.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (UploadFolder.PreviewPath(Folder, StoredFile) is not { } path || !System.IO.File.Exists(path))
        {
            StoredFile = null;
            Error = "Die hochgeladene Datei ist nicht mehr vorhanden; bitte erneut hochladen.";
            return Page();
        }
        if (!await ReadPreviewAsync(path, cancellationToken))
        {
            System.IO.File.Delete(path);
            return Page();
        }
        if (Genesis is not null) return await CreateAndImportAsync(new DataSource { Name = SourceName ?? "", Kind = SourceKind.GenesisExport }, path, cancellationToken);
        // What only the wizard knows: the columns chosen must be columns of the previewed file.
        var problems = new List<string>();
        foreach (var (column, label) in new[] { (AreaColumn, "Gebietsspalte"), (PeriodColumn, "Zeitspalte"), (ValueColumn, "Wertspalte") })
        {
            if (column is null || !Header.Contains(column)) problems.Add($"Bitte die {label} wählen.");
        }
        if (problems.Count > 0)
        {
            Error = string.Join(" ", problems);
            return Page();
        }

        return await CreateAndImportAsync(new DataSource
        {
            Name = SourceName ?? "",
            Kind = SourceKind.Tabular,
            Settings = new SourceSettings
            {
                Mapping = new TabularMapping
                {
                    AreaColumn = AreaColumn!,
                    PeriodColumn = PeriodColumn!,
                    Values = [new ValueColumn(ValueColumn!, VariableCode?.Trim() ?? "", string.IsNullOrWhiteSpace(VariableLabel) ? VariableCode?.Trim() ?? "" : VariableLabel.Trim(), string.IsNullOrWhiteSpace(Unit) ? null : Unit.Trim())],
                },
            },
        }, path, cancellationToken);
    }

    async Task<IActionResult> CreateAndImportAsync(DataSource draft, string path, CancellationToken cancellationToken)
    {
        var created = await sources.CreateAsync(User.AuditName(), draft, cancellationToken);
        if (!created.Succeeded)
        {
            // The file stays for the next attempt: the analyst corrects the name or the mapping and imports again.
            Error = string.Join(" ", created.Messages);
            return Page();
        }
        try
        {
            var report = await importer.ImportFileAsync(created.Value!, path, FileName ?? StoredFile, cancellationToken: cancellationToken);
            return Redirect($"/Arbeitsbereich/Laeufe/{report.RunId}");
        }
        finally
        {
            // Finishing the wizard, whatever the import's outcome, ends the preview.
            System.IO.File.Delete(path);
        }
    }

    /// <summary>The preview, read as the new source's import will read the file; false with the import's message when it refuses it.</summary>
    async Task<bool> ReadPreviewAsync(string path, CancellationToken cancellationToken)
    {
        var name = FileName ?? StoredFile ?? Path.GetFileName(path);
        try
        {
            // A GENESIS export is recognised by its content and read by the reader of its format; any other file is the analyst's own.
            Genesis = await GenesisPreview.TryReadAsync(path, name, cancellationToken);
            if (Genesis is null) Preview = await TabularPreview.ReadAsync(path, name, new SourceSettings().Encoding, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is SourceFormatException or InvalidDataException)
        {
            Preview = null;
            Genesis = null;
            StoredFile = null;
            Error = ex.Message;
            return false;
        }
    }
}
