using System.Diagnostics;

namespace Monitoring.Tests.Http.Reports;

/// <summary>Reads a PDF back with poppler's <c>pdftotext</c> and <c>pdfinfo</c> (installed by .ci/run), as a reader's tools would see it.</summary>
public static class PdfText
{
    public static async Task<(string Text, int Pages)> ReadAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitoring-report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var text = await RunAsync("pdftotext", "-layout", "-enc", "UTF-8", path, "-");
            var info = await RunAsync("pdfinfo", path);
            var pages = int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return (text, pages);
        }
        finally
        {
            File.Delete(path);
        }
    }

    static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{program} is not installed; .ci/run installs it with the Debian package poppler-utils.");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{program} failed: {await error}");
            return await output;
        }
    }
}
