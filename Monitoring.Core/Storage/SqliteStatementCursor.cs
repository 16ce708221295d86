using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Monitoring.Core.Storage;

/// <summary>
/// Rows of a prepared SQLite statement, read through SQLite's C functions directly (<see cref="SqliteNative"/>): a full
/// indicator computation reads every observation and every stored value, some 35 million rows with six columns each.
/// The statement's handle is held for the cursor's lifetime, so the pointer stays valid.
/// </summary>
sealed class SqliteStatementCursor : RowCursor
{
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

    public override bool Read()
    {
        var step = SqliteNative.Step(pointer);
        if (step == raw.SQLITE_ROW) return true;
        if (step != raw.SQLITE_DONE) throw new SqliteException(raw.sqlite3_errmsg(connection).utf8_to_string(), step, raw.sqlite3_extended_errcode(connection));
        return false;
    }

    public override bool IsNull(int column) => SqliteNative.ColumnType(pointer, column) == raw.SQLITE_NULL;

    public override int Int(int column) => SqliteNative.ColumnInt(pointer, column);

    public override double Real(int column) => IsNull(column) ? double.NaN : SqliteNative.ColumnDouble(pointer, column);

    public override string? Text(int column) =>
        IsNull(column) ? null : Marshal.PtrToStringUTF8(SqliteNative.ColumnText(pointer, column), SqliteNative.ColumnBytes(pointer, column));

    /// <summary>Compares in place: no string per row for the common case of equal ASCII text.</summary>
    public override bool TextEquals(int column, string? expected)
    {
        if (IsNull(column)) return expected is null;
        if (expected is null) return false;
        var text = SqliteNative.ColumnText(pointer, column);
        var length = SqliteNative.ColumnBytes(pointer, column);
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
}
