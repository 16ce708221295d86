using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;
using Monitoring.Http.Security;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// The district's own areas below a Gemeinde (Sozialräume, Stadtteile, Schulbezirke): created, renamed and retired,
/// their boundaries loaded from a GeoJSON file and shown; their data is imported like any other, by their keys or names.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class SozialraeumeModel(Database database, AreaWrites writes, HomeArea home) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "gemeinde")] public string? GemeindeKey { get; set; }

    public IReadOnlyList<Area> Gemeinden { get; private set; } = [];

    public Area? Gemeinde { get; private set; }

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public IReadOnlySet<string> WithBoundary { get; private set; } = new HashSet<string>();

    /// <summary>The loaded boundaries drawn (SVG), or null.</summary>
    public string? Map { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostCreateAsync(string? key, string? name, AreaLevel level, DateOnly? validFrom, CancellationToken cancellationToken) =>
        WriteAsync(writes.CreateSubMunicipalAsync(User.AuditName(), new SubMunicipalDraft(key, name, level, GemeindeKey) { ValidFrom = validFrom }, cancellationToken),
            a => $"„{a.Name}“ ({a.Key}) angelegt.", cancellationToken);

    public Task<IActionResult> OnPostRenameAsync(string key, string? name, CancellationToken cancellationToken) =>
        WriteAsync(writes.RenameSubMunicipalAsync(User.AuditName(), key, name, cancellationToken), a => $"{a.Key} heißt jetzt „{a.Name}“.", cancellationToken);

    public Task<IActionResult> OnPostRetireAsync(string key, DateOnly? validTo, CancellationToken cancellationToken) =>
        WriteAsync(writes.RetireSubMunicipalAsync(User.AuditName(), key, validTo, cancellationToken), a => $"„{a.Name}“ ({a.Key}) gilt bis {validTo:dd.MM.yyyy}.", cancellationToken);

    public async Task<IActionResult> OnPostBoundariesAsync(IFormFile? file, string? keyProperty, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0 || file.Length > AreaBoundaries.MaxBytes)
        {
            Errors = [file is null || file.Length == 0 ? "Bitte eine GeoJSON-Datei auswählen." : $"Die Datei ist größer als {AreaBoundaries.MaxBytes / 1024 / 1024} MB."];
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }
        await using var stream = file.OpenReadStream();
        return await WriteAsync(writes.LoadBoundariesAsync(User.AuditName(), GemeindeKey ?? "", stream, Path.GetFileName(file.FileName), keyProperty ?? "", cancellationToken),
            count => $"Grenzen von {count} Gebieten aus {Path.GetFileName(file.FileName)} übernommen.", cancellationToken);
    }

    async Task<IActionResult> WriteAsync<T>(Task<WriteResult<T>> write, Func<T, string> done, CancellationToken cancellationToken)
    {
        var result = await write;
        if (result.Succeeded) Message = done(result.Value!);
        else Errors = result.IsNotFound ? ["Dieses Gebiet gibt es nicht (mehr) als eigenes Gebiet der Gemeinde."] : result.Messages;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var current = await database.ListCurrentAsync(cancellationToken);
        var choice = home.Choose(current);
        Gemeinden = current.Where(a => a.Level == AreaLevel.Gemeinde && (a.ParentId == choice.Home?.Id || a.Id == choice.Home?.Id || choice.Parts.Any(p => p.Id == a.ParentId)))
            .OrderBy(a => a.Name, StringComparer.Create(GermanFormat.Culture, true)).ToList();
        GemeindeKey ??= Gemeinden.FirstOrDefault()?.Key;
        Gemeinde = current.FirstOrDefault(a => a.Key == GemeindeKey && a.Level == AreaLevel.Gemeinde);
        if (Gemeinde is null) return Gemeinden.Count == 0;
        Areas = await database.ListOwnBelowAsync(Gemeinde.Key, cancellationToken);
        var boundaries = await AreaBoundaries.BelowAsync(database, Gemeinde.Key, cancellationToken);
        WithBoundary = boundaries.Keys.ToHashSet(StringComparer.Ordinal);
        if (boundaries.Count > 0)
        {
            Map = AreaBoundaries.Svg(Areas.Where(a => boundaries.ContainsKey(a.Key)).Select(a => (a.Name, boundaries[a.Key])).ToList(), $"Grenzen der Teilgebiete von {Gemeinde.Name}");
        }
        return true;
    }
}
