using System.Runtime.InteropServices;
using SQLitePCL;

namespace Monitoring.Core.Storage;

/// <summary>
/// SQLite's C functions for the loops over millions of rows (reading observations, staging an import). Through
/// SQLitePCLRaw every call adds and releases a reference on the statement's SafeHandle and switches the GC mode, which
/// cost more than SQLite's own work per value. The column and bind functions only copy a value (no blocking, no
/// callbacks), the case <see cref="SuppressGCTransitionAttribute"/> is made for; sqlite3_step keeps the transition, as it
/// does the work and may wait for a lock. Callers hold the statement's SafeHandle while they use its pointer.
/// </summary>
static class SqliteNative
{
    // The same native library SQLitePCLRaw's e_sqlite3 provider binds to (checked in Usable), so the pointers are shared.
    const string Library = "e_sqlite3";

    /// <summary>Whether SQLitePCLRaw runs on e_sqlite3, the library these functions are bound to.</summary>
    public static bool Usable { get; } = string.Equals(raw.GetNativeLibraryName(), Library, StringComparison.Ordinal);

    /// <summary>SQLITE_TRANSIENT: SQLite copies the bound text before the call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    [DllImport(Library, EntryPoint = "sqlite3_step")]
    public static extern int Step(IntPtr statement);

    [DllImport(Library, EntryPoint = "sqlite3_reset"), SuppressGCTransition]
    public static extern int Reset(IntPtr statement);

    [DllImport(Library, EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
    public static extern int ColumnType(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_int"), SuppressGCTransition]
    public static extern int ColumnInt(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_double"), SuppressGCTransition]
    public static extern double ColumnDouble(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_text"), SuppressGCTransition]
    public static extern IntPtr ColumnText(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    public static extern int ColumnBytes(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_bind_null"), SuppressGCTransition]
    public static extern int BindNull(IntPtr statement, int index);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64"), SuppressGCTransition]
    public static extern int BindInt64(IntPtr statement, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_double"), SuppressGCTransition]
    public static extern int BindDouble(IntPtr statement, int index, double value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_text"), SuppressGCTransition]
    public static extern int BindText(IntPtr statement, int index, IntPtr utf8, int bytes, IntPtr destructor);
}
