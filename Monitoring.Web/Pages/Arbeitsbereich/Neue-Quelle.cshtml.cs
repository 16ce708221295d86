using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;
using Monitoring.Http.Security;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;
using Monitoring.Ingestion.Tabular;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// A file into a source, new or existing (<c>?quelle=ID</c>: next year's file, or a changed mapping): upload; preview
/// read as the import reads it (sheet, header row, encoding); the column mapping; a check of the whole file showing what
/// will be stored, what is rejected and which area names need a choice; then the import as a background job. A GENESIS
/// export, recognised by its content, needs no mapping. The previewed file is kept until the wizard is finished or
/// cancelled; one left open is removed after a day.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class NeueQuelleModel(Database database, SourceWrites sources, FileImports imports, HomeArea home, IConfiguration configuration, IHostEnvironment environment)
    : PageModel
{
    [BindProperty(SupportsGet = true, Name = "quelle")] public int? SourceId { get; set; }
    [BindProperty] public string? SourceName { get; set; }
    [BindProperty] public string? StoredFile { get; set; }
    [BindProperty] public string? FileName { get; set; }
    [BindProperty] public MappingForm Form { get; set; } = new();

    /// <summary>The smallest count shown to everyone (<see cref="SourceSettings.MinCount"/>); empty for none.</summary>
    [BindProperty] public int? MinCount { get; set; }

    /// <summary>The source the file goes to, when it exists already.</summary>
    public DataSource? Existing { get; private set; }

    public TabularPreview? Preview { get; private set; }

    /// <summary>Set when the file is a GENESIS export: it needs no column mapping, its format says where everything is.</summary>
    public GenesisPreview? Genesis { get; private set; }

    /// <summary>The dry run of the whole file through the mapping, after "Prüfen".</summary>
    public TabularCheck? Check { get; private set; }

    public IReadOnlyList<string> Header => Preview?.Header ?? [];

    public IReadOnlyList<IReadOnlyList<string>> Rows => Preview?.Rows ?? [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string? Error { get; private set; }

    string Folder => UploadFolder.Of(configuration, environment);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadSourceAsync(cancellationToken)) return NotFound();
        MinCount = Existing?.Settings.MinCount;
        return Page();
    }

    /// <summary>Step 1 → 2: keep the file, show its first rows and a first mapping (the source's own where it has one).</summary>
    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await LoadSourceAsync(cancellationToken)) return NotFound();
        MinCount = Existing?.Settings.MinCount;
        var limit = ImportOptions.From(configuration).MaxUploadBytes;
        if (file is null || file.Length == 0 || file.Length > limit)
        {
            Error = file is null || file.Length == 0 ? "Bitte eine Datei auswählen (CSV, XLSX, oder ein GENESIS-Export als CSV oder ZIP)." : $"Die Datei ist größer als {limit / 1024 / 1024} MB.";
            return Page();
        }
        Directory.CreateDirectory(Folder);
        UploadFolder.SweepPreviews(Folder, DateTime.UtcNow);
        FileName = Path.GetFileName(file.FileName);
        StoredFile = UploadFolder.NewPreviewName(FileName);
        var path = Path.Combine(Folder, StoredFile);
        var kept = false;
        try
        {
            await using (var stored = System.IO.File.Create(path))
            {
                await file.CopyToAsync(stored, cancellationToken);
            }
            var mapping = Existing?.Settings.Mapping;
            kept = await ReadPreviewAsync(path, mapping?.Sheet, mapping?.HeaderRow ?? 1, cancellationToken) || Preview is not null;
            if (Preview is { } preview)
            {
                Form = mapping is null ? MappingForm.Suggest(preview) : MappingForm.From(mapping, preview.Header, Existing!.RejectThreshold);
            }
        }
        finally
        {
            // A refused file, or a request cut off while copying, leaves nothing behind.
            if (!kept) System.IO.File.Delete(path);
        }
        SourceName = Existing?.Name ?? Path.GetFileNameWithoutExtension(FileName);
        return Page();
    }

    /// <summary>Another sheet or header row: the preview read again, the mapping suggested afresh for its columns.</summary>
    public async Task<IActionResult> OnPostRereadAsync(CancellationToken cancellationToken)
    {
        if (await StoredPathAsync(cancellationToken) is not { } path) return Page();
        var names = Form.Names;
        var threshold = Form.RejectPercent;
        if (await ReadPreviewAsync(path, Form.Sheet, Form.HeaderRow, cancellationToken) && Preview is { } preview)
        {
            Form = MappingForm.Suggest(preview);
            Form.Names = names;
            Form.RejectPercent = threshold;
        }
        return Page();
    }

    /// <summary>Step 3: the whole file read through the mapping, nothing stored.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (await StoredPathAsync(cancellationToken) is not { } path || !await ReadPreviewAsync(path, Form.Sheet, Form.HeaderRow, cancellationToken) || Genesis is not null) return Page();
        if (MappingOrProblems() is not { } mapping) return Page();
        try
        {
            Check = await TabularCheck.RunAsync(database, home, path, FileName ?? StoredFile!, Settings(mapping), mapping, cancellationToken);
        }
        catch (Exception ex) when (ex is SourceFormatException or InvalidDataException)
        {
            Error = ex.Message;
        }
        return Page();
    }

    /// <summary>Leaving the wizard: the previewed file is deleted.</summary>
    public IActionResult OnPostCancel()
    {
        if (UploadFolder.PreviewPath(Folder, StoredFile) is { } path) System.IO.File.Delete(path);
        return Redirect(SourceId is { } id ? $"/Arbeitsbereich/Quellen/{id}" : "/Arbeitsbereich");
    }

    /// <summary>Step 4: the source saved with its mapping (created, or the existing one updated) and the file queued for import.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (await StoredPathAsync(cancellationToken) is not { } path || !await ReadPreviewAsync(path, Form.Sheet, Form.HeaderRow, cancellationToken)) return Page();
        if (!imports.CanQueue)
        {
            Error = "Dieser Host hat keine Auftragswarteschlange; Importe laufen über den Dashboard-Host oder einen Worker.";
            return Page();
        }
        WriteResult<DataSource> saved;
        if (Genesis is not null)
        {
            saved = Existing is { } genesisSource
                ? WriteResult<DataSource>.Done(genesisSource)
                : await sources.CreateAsync(User.AuditName(), new DataSource { Name = SourceName ?? "", Kind = SourceKind.GenesisExport }, cancellationToken);
        }
        else
        {
            if (MappingOrProblems() is not { } mapping) return Page();
            var threshold = Form.RejectPercent / 100;
            saved = Existing is { } existing
                ? await sources.UpdateAsync(User.AuditName(), existing.Id, new SourceChange(Settings: Settings(mapping), RejectThreshold: threshold), cancellationToken)
                : await sources.CreateAsync(User.AuditName(), new DataSource { Name = SourceName ?? "", Kind = SourceKind.Tabular, Settings = Settings(mapping), RejectThreshold = threshold }, cancellationToken);
        }
        if (!saved.Succeeded)
        {
            // The file stays for the next attempt: the analyst corrects the name or the mapping and imports again.
            Error = string.Join(" ", saved.Messages);
            return Page();
        }
        var job = await imports.EnqueueAsync(User.AuditName(), saved.Value!, path, FileName ?? StoredFile!, cancellationToken);
        return Redirect($"/Arbeitsbereich/Auftraege/{job}");
    }

    SourceSettings Settings(TabularMapping mapping) => (Existing?.Settings ?? new SourceSettings()) with { Mapping = mapping, MinCount = MinCount };

    TabularMapping? MappingOrProblems()
    {
        var (mapping, problems) = Form.ToMapping(Header, Existing?.Settings.Mapping?.SourceNote ?? SourceName?.Trim(), Existing?.Settings.Mapping?.AreaNames);
        Problems = problems;
        return mapping;
    }

    async Task<bool> LoadSourceAsync(CancellationToken cancellationToken)
    {
        if (SourceId is not { } id) return true;
        Existing = await database.FindSourceAsync(id, cancellationToken);
        SourceName = Existing?.Name;
        return Existing is not null;
    }

    async Task<string?> StoredPathAsync(CancellationToken cancellationToken)
    {
        if (!await LoadSourceAsync(cancellationToken))
        {
            Error = "Die Datenquelle gibt es nicht mehr.";
            return null;
        }
        if (UploadFolder.PreviewPath(Folder, StoredFile) is { } path && System.IO.File.Exists(path)) return path;
        StoredFile = null;
        Error = "Die hochgeladene Datei ist nicht mehr vorhanden; bitte erneut hochladen.";
        return null;
    }

    /// <summary>The preview, read as the source's import will read the file; false with the import's message when it refuses it.</summary>
    async Task<bool> ReadPreviewAsync(string path, string? sheet, int headerRow, CancellationToken cancellationToken)
    {
        var name = FileName ?? StoredFile ?? Path.GetFileName(path);
        try
        {
            // A GENESIS export is recognised by its content and read by the reader of its format; any other file is the analyst's own.
            Genesis = ReceivedFile.IsWorkbookName(name) || Existing is { Kind: SourceKind.Tabular } ? null : await GenesisPreview.TryReadAsync(path, name, cancellationToken);
            if (Genesis is null) Preview = await TabularPreview.ReadAsync(path, name, Existing?.Settings.Encoding ?? new SourceSettings().Encoding, cancellationToken, sheet, Math.Max(1, headerRow));
            return true;
        }
        catch (Exception ex) when (ex is SourceFormatException or InvalidDataException)
        {
            Preview = null;
            Genesis = null;
            Error = ex.Message;
            // A sheet or header row that does not fit: the file as first shown, with the message, to choose again.
            if (sheet is not null || headerRow > 1)
            {
                var message = ex.Message;
                if (await ReadPreviewAsync(path, null, 1, cancellationToken)) Error = message;
                return false;
            }
            System.IO.File.Delete(path);
            StoredFile = null;
            return false;
        }
    }
}
