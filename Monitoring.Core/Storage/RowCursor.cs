using System.Data.Common;

namespace Monitoring.Core.Storage;

/// <summary>
/// Reads a query's rows forward, column by position: for the loops over millions of rows (a full indicator
/// computation reads every observation), where ADO.NET's per-value checks cost more than the row. Each provider gives
/// its fastest way (<see cref="Database.ReadRowsAsync"/>).
/// </summary>
public abstract class RowCursor : IAsyncDisposable
{
    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool Read();

    public abstract bool IsNull(int column);

    public abstract int Int(int column);

    /// <summary>The number; NaN where the column is NULL.</summary>
    public abstract double Real(int column);

    public abstract string? Text(int column);

    /// <summary>Whether the column holds this text (null: NULL), where a provider can tell without making a string.</summary>
    public virtual bool TextEquals(int column, string? expected) => string.Equals(Text(column), expected, StringComparison.Ordinal);

    public abstract ValueTask DisposeAsync();

    /// <summary>Any provider's ADO.NET reader, read synchronously (the rows are there; a task per row would cost more).</summary>
    internal sealed class OfReader(DbCommand command, DbDataReader reader) : RowCursor
    {
        public override bool Read() => reader.Read();

        public override bool IsNull(int column) => reader.IsDBNull(column);

        public override int Int(int column) => reader.GetInt32(column);

        public override double Real(int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);

        public override string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

        public override async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await command.DisposeAsync();
        }
    }
}
