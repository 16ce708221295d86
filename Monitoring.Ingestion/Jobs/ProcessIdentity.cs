using System.Diagnostics;
using System.Globalization;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// Which process runs an import, as stored with the run: where it runs (<see cref="Host"/>), its process id, and the
/// system's record of when it started (<see cref="StartToken"/>), so that a process id reused by a later process is
/// not taken for the one that died. Another process on the same host can tell at once whether the owner still lives;
/// one on another host goes by the run's heartbeat (<see cref="Imports.ImportRuns.HeartbeatInterval"/>).
/// </summary>
public sealed record ProcessIdentity(string Host, int ProcessId, string StartToken)
{
    /// <summary>This process.</summary>
    public static ProcessIdentity Current { get; } = new(CurrentHost(), Environment.ProcessId, StartTokenOf(Environment.ProcessId, out var token) ? token ?? "unknown" : "unknown");

    /// <summary>
    /// Whether this process can see the owner's process table: the same machine name and, on Linux, the same boot and
    /// process namespace (two containers may share a name and a kernel yet not see each other's process ids).
    /// </summary>
    public bool IsOnThisHost => string.Equals(Host, Current.Host, StringComparison.Ordinal);

    /// <summary>
    /// Whether the process still runs: true or false on this host, null on another or where the system will not say
    /// (there only its heartbeat tells). A process that has ended but was not yet reaped (a zombie) counts as ended.
    /// </summary>
    public bool? IsAlive()
    {
        if (!IsOnThisHost) return null;
        if (ProcessId == Environment.ProcessId) return StartToken == Current.StartToken;
        if (!StartTokenOf(ProcessId, out var token)) return null;
        return token is not null && token == StartToken;
    }

    /// <summary>How a run's error names the owner, e.g. "worker-1, PID 4711".</summary>
    public string Describe() => $"{Host.Split('/')[0]}, PID {ProcessId.ToString(CultureInfo.InvariantCulture)}";

    static string CurrentHost()
    {
        var host = Environment.MachineName;
        if (!OperatingSystem.IsLinux()) return host;
        // The boot id changes with every boot (a process id from before a reboot means nothing after it); the process
        // namespace tells containers apart that share the kernel.
        var boot = ReadOrEmpty("/proc/sys/kernel/random/boot_id").Trim();
        string? pidNamespace = null;
        try
        {
            pidNamespace = new FileInfo("/proc/self/ns/pid").LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return $"{host}/{boot}/{pidNamespace}";
    }

    /// <summary>
    /// The start of process <paramref name="pid"/> as the system records it (<paramref name="token"/>; null when there is
    /// no such living process); false when the system will not tell (another user's process on Windows). On Linux the
    /// kernel's start time in clock ticks after boot (field 22 of /proc/PID/stat), exact and unaffected by clock changes;
    /// elsewhere the start time the system reports, in UTC ticks.
    /// </summary>
    static bool StartTokenOf(int pid, out string? token)
    {
        token = null;
        if (OperatingSystem.IsLinux())
        {
            var stat = ReadOrEmpty($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // "pid (name) state ppid …": the name may hold spaces and parentheses, so the fields start after the last ')'.
            var end = stat.LastIndexOf(')');
            if (end < 0) return true;
            var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // fields[0] is the state (field 3): Z (zombie) and X (dead) have ended; fields[19] is field 22, the start time.
            if (fields.Length >= 20 && fields[0] is not ("Z" or "X")) token = fields[19];
            return true;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            if (!process.HasExited) token = process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // No such process, or it ended meanwhile.
            return true;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
