using Microsoft.Extensions.Configuration;

namespace Monitoring.Ingestion.Imports;

/// <summary>The <c>Imports</c> settings, bound in one place: the upload limit and folder, the drop folders' root.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Uploads above this size are refused before they are read.</summary>
    public long MaxUploadMegabytes { get; set; } = 200;

    /// <summary>Where uploads wait for their import, relative to the content root.</summary>
    public string UploadFolder { get; set; } = Path.Combine("data", "uploads");

    /// <summary>The one folder below which sources' drop folders lie, relative to the content root.</summary>
    public string DropFolderRoot { get; set; } = Path.Combine("data", "drop");

    public long MaxUploadBytes => MaxUploadMegabytes * 1024 * 1024;

    public static ImportOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<ImportOptions>() ?? new ImportOptions();
}
