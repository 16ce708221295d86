using System.Diagnostics;

namespace Monitoring.Tests.Hosting;

/// <summary>Runs one of the solution's hosts as a real process from its own build output.</summary>
static class HostProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string project, string[] args, string workingDirectory, (string Name, string Value)[] environment)
    {
        var dll = Path.Combine(TestPaths.RepositoryRoot, project, "bin", TestPaths.Configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{project} did not stop within 60 s; stdout:\n" + await stdout);
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
