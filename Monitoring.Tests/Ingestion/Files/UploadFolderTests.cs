using Monitoring.Ingestion.Files;

namespace Monitoring.Tests.Ingestion.Files;

/// <summary>What is left in the upload folder goes after a day; a file a queued job still names stays.</summary>
public sealed class UploadFolderTests : IDisposable
{
    readonly string folder = TestPaths.TempDirectory();

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    string Write(string name, TimeSpan age)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "AGS;Jahr;Personen\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    static string Upload() => $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}.csv";

    [Fact]
    public void Previews_older_than_a_day_are_swept_with_each_new_preview_and_uploads_only_when_no_job_names_them()
    {
        var oldPreview = Write(UploadFolder.NewPreviewName(), TimeSpan.FromDays(2));
        var newPreview = Write(UploadFolder.NewPreviewName(), TimeSpan.FromHours(20));
        var oldUpload = Write(Upload(), TimeSpan.FromDays(2));
        var queuedUpload = Write(Upload(), TimeSpan.FromDays(3));
        var newUpload = Write(Upload(), TimeSpan.FromMinutes(5));

        // The wizard's sweep takes only previews: an upload may still wait for its job.
        Assert.Equal([oldPreview], UploadFolder.SweepPreviews(folder, DateTime.UtcNow));
        Assert.True(File.Exists(oldUpload));

        Assert.Equal([oldUpload], UploadFolder.Sweep(folder, DateTime.UtcNow, new HashSet<string> { queuedUpload }));
        Assert.Equal(new[] { newPreview, queuedUpload, newUpload }.Order(StringComparer.Ordinal), Directory.GetFiles(folder).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_names_the_folder_gave_out_are_previews()
    {
        var name = UploadFolder.NewPreviewName();

        Assert.Equal(Path.Combine(folder, name), UploadFolder.PreviewPath(folder, name));
        Assert.Null(UploadFolder.PreviewPath(folder, "../" + name));
        Assert.Null(UploadFolder.PreviewPath(folder, Upload()));
        Assert.Null(UploadFolder.PreviewPath(folder, null));
    }
}
