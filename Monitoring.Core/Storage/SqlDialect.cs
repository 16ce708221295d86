namespace Monitoring.Core.Storage;

/// <summary>
/// The few SQL differences between the providers. Query text elsewhere is shared; where it needs one of
/// these it is written as a static method taking a <see cref="SqlDialect"/>, so the T-SQL parse test
/// can render and check the SQL Server form of every query.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect SqlServer = new SqlServerDialect();

    /// <summary>An INSERT that returns the new row's <c>id</c> as its single result.</summary>
    public abstract string InsertReturningId(string table, string columns, string values);

    /// <summary>Appends paging to an ordered SELECT; parameters <c>@Skip</c> and <c>@Take</c>.</summary>
    public abstract string Page(string orderedSelect);

    /// <summary>The current UTC time as the provider stores timestamps.</summary>
    public abstract string UtcNow { get; }

    /// <summary>How to name a connection-local temporary table.</summary>
    public abstract string TempTable(string name);

    /// <summary>Creates a connection-local temporary table; <paramref name="body"/> uses types both providers accept.</summary>
    public string CreateTempTable(string name, string body) => $"{CreateTempTableKeyword} {TempTable(name)} ({body})";

    private protected abstract string CreateTempTableKeyword { get; }

    /// <summary>Creates an index on a temporary table made with <see cref="CreateTempTable"/>.</summary>
    public abstract string CreateTempIndex(string index, string table, string columns);

    sealed class SqliteDialect : SqlDialect
    {
        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

        public override string Page(string orderedSelect) => $"{orderedSelect} LIMIT @Take OFFSET @Skip";

        public override string UtcNow => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

        public override string TempTable(string name) => "temp." + name;

        private protected override string CreateTempTableKeyword => "CREATE TEMP TABLE";

        // SQLite names the schema on the index, not on the table.
        public override string CreateTempIndex(string index, string table, string columns) => $"CREATE INDEX temp.{index} ON {table} ({columns})";
    }

    sealed class SqlServerDialect : SqlDialect
    {
        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.id VALUES ({values})";

        public override string Page(string orderedSelect) =>
            $"{orderedSelect} OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";

        public override string UtcNow => "SYSUTCDATETIME()";

        public override string TempTable(string name) => "#" + name;

        private protected override string CreateTempTableKeyword => "CREATE TABLE";

        public override string CreateTempIndex(string index, string table, string columns) => $"CREATE INDEX {index} ON #{table} ({columns})";
    }
}
