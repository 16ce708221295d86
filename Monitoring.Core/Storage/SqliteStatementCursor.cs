using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Monitoring.Core.Storage;

/// <summary>
/// Rows of a prepared SQLite statement, read through SQLite's C functions directly. A full indicator computation reads
/// every observation and every stored value, some 35 million rows with six columns each: through SQLitePCLRaw each
/// column is a call that adds and releases a reference on the statement's SafeHandle and switches the GC mode, which
/// cost more than SQLite's own work. The column functions only copy out of the current row (no blocking, no callbacks),
/// the case <see cref="SuppressGCTransitionAttribute"/> is made for. The statement's handle is held for the cursor's
/// lifetime, so the pointer stays valid.
/// </summary>
sealed class SqliteStatementCursor : RowCursor
{
    // The same native library SQLitePCLRaw's e_sqlite3 provider binds to (checked in Usable), so the pointers are shared.
    const string Library = "e_sqlite3";

    readonly sqlite3 connection;
    readonly sqlite3_stmt statement;
    readonly IntPtr pointer;
    bool held;

    public SqliteStatementCursor(sqlite3 connection, sqlite3_stmt statement)
    {
        this.connection = connection;
        this.statement = statement;
        statement.DangerousAddRef(ref held);
        pointer = statement.DangerousGetHandle();
    }

    /// <summary>Whether SQLitePCLRaw runs on e_sqlite3, the library the functions below are bound to.</summary>
    public static bool Usable { get; } = string.Equals(raw.GetNativeLibraryName(), Library, StringComparison.Ordinal);

    public override bool Read()
    {
        var step = Step(pointer);
        if (step == raw.SQLITE_ROW) return true;
        if (step != raw.SQLITE_DONE) throw new SqliteException(raw.sqlite3_errmsg(connection).utf8_to_string(), step, raw.sqlite3_extended_errcode(connection));
        return false;
    }

    public override bool IsNull(int column) => ColumnType(pointer, column) == raw.SQLITE_NULL;

    public override int Int(int column) => ColumnInt(pointer, column);

    public override double Real(int column) => IsNull(column) ? double.NaN : ColumnDouble(pointer, column);

    public override string? Text(int column) =>
        IsNull(column) ? null : Marshal.PtrToStringUTF8(ColumnText(pointer, column), ColumnBytes(pointer, column));

    /// <summary>Compares in place: no string per row for the common case of equal ASCII text.</summary>
    public override bool TextEquals(int column, string? expected)
    {
        if (IsNull(column)) return expected is null;
        if (expected is null) return false;
        var text = ColumnText(pointer, column);
        var length = ColumnBytes(pointer, column);
        if (length != expected.Length) return Ascii(expected) ? false : string.Equals(Text(column), expected, StringComparison.Ordinal);
        for (var i = 0; i < length; i++)
        {
            var c = expected[i];
            if (c >= 0x80) return string.Equals(Text(column), expected, StringComparison.Ordinal);
            if (Marshal.ReadByte(text, i) != c) return false;
        }
        return true;
    }

    static bool Ascii(string text)
    {
        foreach (var c in text) if (c >= 0x80) return false;
        return true;
    }

    public override ValueTask DisposeAsync()
    {
        if (held)
        {
            statement.DangerousRelease();
            held = false;
        }
        statement.Dispose();
        return ValueTask.CompletedTask;
    }

    // sqlite3_step does the work (and may wait for a lock): it keeps the GC transition.
    [DllImport(Library, EntryPoint = "sqlite3_step")]
    static extern int Step(IntPtr statement);

    [DllImport(Library, EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
    static extern int ColumnType(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_int"), SuppressGCTransition]
    static extern int ColumnInt(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_double"), SuppressGCTransition]
    static extern double ColumnDouble(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_text"), SuppressGCTransition]
    static extern IntPtr ColumnText(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    static extern int ColumnBytes(IntPtr statement, int column);
}
