using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Files;

/// <summary>
/// The folder where uploads wait for their import (<c>Imports:UploadFolder</c>) and the workspace keeps the file it
/// previews; what is left there (a preview never imported, a request cut off) is removed after <see cref="MaxAge"/>.
/// </summary>
public static partial class UploadFolder
{
    /// <summary>How long a file may wait: a preview the analyst left, or an upload no job will import any more.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    public static string Of(IConfiguration configuration, IHostEnvironment environment) =>
        Path.Combine(environment.ContentRootPath, ImportOptions.From(configuration).UploadFolder);

    /// <summary>A new name for a previewed file; its own prefix, so that no job's upload is ever taken for one; the extension of the file's own name where it is one the wizard reads.</summary>
    public static string NewPreviewName(string? fileName = null) => $"vorschau-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}{Extension(fileName)}";

    /// <summary>A new name for an upload a job will import; unguessable, with the extension of the file's own name.</summary>
    public static string NewUploadName(string? fileName) => $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}{Extension(fileName)}";

    static string Extension(string? fileName) =>
        Path.GetExtension(fileName ?? "").ToLowerInvariant() is var extension && extension is ".csv" or ".txt" or ".xlsx" or ".xls" or ".zip" ? extension : ".csv";

    /// <summary>The path of a previewed file named by a form, or null when the name is not one this folder gave out.</summary>
    public static string? PreviewPath(string folder, string? name) => name is not null && PreviewName().IsMatch(name) ? Path.Combine(folder, name) : null;

    /// <summary>Deletes previewed files older than <see cref="MaxAge"/> (wizards left without finishing or cancelling).</summary>
    public static IReadOnlyList<string> SweepPreviews(string folder, DateTime nowUtc) =>
        Sweep(folder, nowUtc, name => PreviewName().IsMatch(name), new HashSet<string>());

    /// <summary>
    /// Deletes files older than <see cref="MaxAge"/> except those in <paramref name="keep"/> (full paths, e.g. of queued
    /// imports); returns the deleted paths. A file another process removes or holds open meanwhile is left to the next sweep.
    /// </summary>
    public static IReadOnlyList<string> Sweep(string folder, DateTime nowUtc, IReadOnlySet<string> keep) =>
        Sweep(folder, nowUtc, _ => true, keep);

    static List<string> Sweep(string folder, DateTime nowUtc, Func<string, bool> candidate, IReadOnlySet<string> keep)
    {
        var deleted = new List<string>();
        if (!Directory.Exists(folder)) return deleted;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            if (!candidate(file.Name) || nowUtc - file.LastWriteTimeUtc <= MaxAge || keep.Contains(file.FullName)) continue;
            try
            {
                file.Delete();
                deleted.Add(file.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Removed or held by another process meanwhile: the next sweep tries again.
            }
        }
        return deleted;
    }

    [GeneratedRegex("^vorschau-[0-9]{14}-[0-9a-f]{32}\\.(csv|txt|xlsx|xls|zip)$")]
    private static partial Regex PreviewName();
}
