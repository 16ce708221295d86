using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Genesis;

namespace Monitoring.Ingestion.Imports;

/// <summary>
/// Imports one file for one source as one run: all rows or none. Rows are streamed into a staging table inside
/// the run's transaction, then merged set-wise: new observations inserted, changed ones updated with a revision
/// each, identical ones left alone. The same file again is recognised by its hash and changes nothing.
/// </summary>
public sealed class Importer(Database database, ILogger<Importer> logger, HomeArea? home = null)
{
    const int BatchSize = 10_000;

    const string Staging = "import_staging";

    static readonly string[] StagingColumns = ["ordinal", "line", "variable_id", "area_id", "period", "year", "dimension_set_id", "value", "flags"];

    /// <summary>
    /// Recompute the affected indicators (and peer groups) after each run. An initial load of many files turns it off and
    /// recomputes once at the end (<c>Monitoring.Ingest recompute</c>): each of its runs would otherwise recompute
    /// nearly everything again.
    /// </summary>
    public bool RecomputeAfterImport { get; init; } = true;

    /// <summary>Imports <paramref name="path"/>; <paramref name="displayName"/> is the name to report (e.g. the uploaded file's).</summary>
    public async Task<ImportReport> ImportFileAsync(DataSource source, string path, string? displayName = null,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var phases = new PhaseClock();
        ReceivedFile opened;
        try
        {
            opened = await ReceivedFile.OpenAsync(path, displayName, source.Settings.Encoding, unpackZip: source.Kind != SourceKind.Tabular, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            // A broken or hostile archive still gets its run in the log, failed, with the reason.
            var name = displayName ?? Path.GetFileName(path);
            var hash = await ReceivedFile.HashAsync(path, cancellationToken);
            var failed = new ImportReport
            {
                RunId = await ImportRuns.StartAsync(database, source.Id, name, hash, cancellationToken),
                Source = source.Name, FileName = name, FileHash = hash, Status = ImportStatus.Failed, Error = ex.Message, Duration = clock.Elapsed,
            };
            await ImportRuns.FinishAsync(database, failed);
            logger.LogInformation("Import {Source} {File}: refused: {Error}", source.Name, failed.FileName, ex.Message);
            return failed;
        }
        using var file = opened;
        phases.End("hash");
        var runId = await ImportRuns.StartAsync(database, source.Id, file.Name, file.Hash, cancellationToken);
        var report = new ImportReport { RunId = runId, Source = source.Name, FileName = file.Name, FileHash = file.Hash, Encoding = file.Encoding.WebName };

        try
        {
            if (await ImportRuns.AlreadyImportedAsync(database, source.Id, file.Hash, cancellationToken))
            {
                report = report with { Status = ImportStatus.Unchanged };
            }
            else
            {
                report = await database.InTransactionAsync((connection, transaction) =>
                    LoadAsync(connection, transaction, source, file, report, phases, progress, cancellationToken), cancellationToken);
                phases.End("commit");
                if (report.Inserted + report.Updated > 0)
                {
                    report = await CheckPlausibilityAsync(report, cancellationToken);
                    phases.End("anomaly check");
                    if (RecomputeAfterImport)
                    {
                        report = await RecomputeIndicatorsAsync(report, cancellationToken);
                        phases.End("indicators");
                        await UpdatePeerGroupsAsync(report, cancellationToken);
                        phases.End("peer groups");
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the transaction rolled back and the run's log entry is closed as failed.
            report = (ex as RejectedRunException)?.Report ?? report;
            var expected = ex is SourceFormatException or InvalidDataException or IOException or DbException or RejectedRunException or OperationCanceledException;
            var message = ex switch
            {
                OperationCanceledException => "Abgebrochen; nichts wurde übernommen.",
                DbException db => database.Describe(db),
                _ when expected => ex.Message,
                _ => $"Interner Fehler: {ex.Message}",
            };
            report = report with { Status = ImportStatus.Failed, Error = message };
            if (!expected)
            {
                await ImportRuns.FinishAsync(database, report with { Duration = clock.Elapsed, Phases = phases.Seconds });
                logger.LogError(ex, "Import {Source} {File} failed unexpectedly; nothing was kept.", source.Name, file.Name);
                throw;
            }
        }

        report = report with { Duration = clock.Elapsed, Phases = phases.Seconds };
        await ImportRuns.FinishAsync(database, report);
        logger.LogInformation("Import {Source} {File}: {Status}, {Read} read, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected in {Duration}",
            source.Name, file.Name, report.Status, report.RowsRead, report.Inserted, report.Updated, report.Unchanged, report.Rejected, report.Duration);
        if (report.Error is not null && cancellationToken.IsCancellationRequested) cancellationToken.ThrowIfCancellationRequested();
        return report;
    }

    /// <summary>
    /// The next record; what the CSV reader (Sep) refuses — a row longer than it buffers, a header that repeats a name a
    /// million times — becomes a format error naming the line instead of an internal error.
    /// </summary>
    static bool NextRecord(IEnumerator<SourceRecord> records, string file, long read, long firstDataLine)
    {
        try
        {
            return records.MoveNext();
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException && ex.Source?.StartsWith("Sep", StringComparison.Ordinal) == true)
        {
            var line = ex is ArgumentException ? 1 : read == 0 ? firstDataLine : records.Current.Line + 1;
            var reason = ex is NotSupportedException
                ? "eine Zeile ist länger als 16 MiB (ein nicht geschlossenes Anführungszeichen, oder keine CSV-Datei)"
                : "die Kopfzeile ist nicht lesbar: " + (ex.Message.Length > 200 ? ex.Message[..200] + " …" : ex.Message);
            throw new SourceFormatException(file, line, 1, reason);
        }
    }

    async Task<ImportReport> LoadAsync(DbConnection connection, DbTransaction transaction, DataSource source, ReceivedFile file,
        ImportReport report, PhaseClock phases, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await connection.ExecuteAsync(new CommandDefinition(CreateStaging(dialect), transaction: transaction, cancellationToken: cancellationToken));
        var areasByName = source.Kind == SourceKind.Tabular && source.Settings.Mapping?.AreaBy == Tabular.AreaIdentifier.Name;
        var keys = await KeyResolver.LoadAsync(connection, transaction, dialect, Core.Indicators.IndicatorCatalog.Shipped().TableVariables(),
            areasByName ? source.Settings.Mapping : null, (home ?? HomeArea.Default).Key, cancellationToken);

        long read = 0, rejected = 0, unknownRows = 0, staged = 0;
        var rejectedRows = new List<RejectedRow>();
        var unknownAreas = new Dictionary<string, (string Label, long Rows)>();
        var batch = new List<object?[]>(BatchSize);
        // Which dimension combinations and years each variable comes in: a handful of pairs, collected here rather than
        // found by scanning the staged rows again.
        var variableSets = new HashSet<(int Variable, int Set)>();
        var variableYears = new HashSet<(int Variable, int Year)>();

        // Which variables the Germany row and the other rows use: the Zensus 2022 database gives Germany's figure another
        // value variable code than the Länder's (1000A: PRS001 for Germany, PRS018 for the Länder, both "Personen").
        var germany = keys.Area("DG");
        var germanyVariables = new HashSet<int>();
        var otherVariables = new HashSet<int>();

        // Parsing on another core was measured slower on two cores (allocation and GC contention): one thread reads and writes.
        using (var records = Read(source, file, keys.KeyOfLabel).GetEnumerator())
        {
            var firstDataLine = source.Kind == SourceKind.Tabular ? (source.Settings.Mapping?.HeaderRow ?? 1) + 1 : 2;
            while (NextRecord(records, file.Name, read, firstDataLine))
            {
                var record = records.Current;
                read++;
                switch (record)
                {
                    case SourceRejection rejection:
                        rejected++;
                        if (rejectedRows.Count < ImportReport.DetailLimit) rejectedRows.Add(new RejectedRow(file.Name, rejection.Line, rejection.Column, rejection.Reason));
                        break;
                    case SourceObservation observation:
                        var (areaId, areaError) = areasByName ? keys.AreaByName(observation.AreaCode) : (keys.Area(observation.AreaCode), null);
                        if (areaError is not null)
                        {
                            rejected++;
                            if (rejectedRows.Count < ImportReport.DetailLimit) rejectedRows.Add(new RejectedRow(file.Name, observation.Line, observation.AreaColumn, areaError));
                            break;
                        }
                        if (areaId is null)
                        {
                            unknownRows++;
                            unknownAreas[observation.AreaCode] = (observation.AreaLabel, (unknownAreas.TryGetValue(observation.AreaCode, out var seen) ? seen.Rows : 0) + 1);
                            break;
                        }
                        keys.Named(areaId.Value, observation.AreaLabel);
                        var variableId = await keys.VariableAsync(observation, cancellationToken);
                        var dimensionSetId = await keys.DimensionSetAsync(observation.Dimensions, cancellationToken);
                        batch.Add([staged++, observation.Line, variableId, areaId.Value, observation.Period, observation.Year, dimensionSetId, observation.Value.Value, (int)observation.Value.Flags]);
                        (areaId == germany ? germanyVariables : otherVariables).Add(variableId);
                        variableSets.Add((variableId, dimensionSetId));
                        variableYears.Add((variableId, observation.Year));
                        if (batch.Count == BatchSize)
                        {
                            await database.BulkInsertAsync(connection, transaction, dialect.TempTable(Staging), StagingColumns, batch, cancellationToken);
                            batch.Clear();
                            progress?.Report(new ImportProgress(read, file.ReadFraction));
                        }
                        break;
                }
            }
        }
        await database.BulkInsertAsync(connection, transaction, dialect.TempTable(Staging), StagingColumns, batch, cancellationToken);
        progress?.Report(new ImportProgress(read, file.ReadFraction));
        await UniteGermanyVariablesAsync(connection, transaction, keys, germanyVariables, otherVariables, variableSets, variableYears, cancellationToken);
        phases.End("read and stage");
        // Indexing once after loading is much faster than keeping an index up to date row by row.
        await connection.ExecuteAsync(new CommandDefinition(IndexStaging(dialect), transaction: transaction, cancellationToken: cancellationToken));

        phases.End("index");
        // Within one file, the first occurrence of a key counts; later ones are rejected as duplicates and dropped from staging.
        var duplicates = (await connection.QueryAsync<(long Ordinal, long Line, long FirstLine)>(new CommandDefinition(Duplicates(dialect), transaction: transaction, cancellationToken: cancellationToken))).AsList();
        rejected += duplicates.Count;
        foreach (var (_, line, first) in duplicates.Take(Math.Max(0, ImportReport.DetailLimit - rejectedRows.Count)))
        {
            rejectedRows.Add(new RejectedRow(file.Name, line, 0, $"doppelt: dasselbe Gebiet, derselbe Zeitraum, dieselbe Variable und dieselben Merkmale wie Zeile {first}"));
        }
        foreach (var chunk in duplicates.Select(d => d.Ordinal).Chunk(1000))
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteStaged(dialect), new { Ordinals = chunk }, transaction, cancellationToken: cancellationToken));
        }
        var smallCounts = source.Settings.MinCount is { } minCount ? await SmallCounts.ProtectAsync(connection, transaction, dialect, Staging, minCount, cancellationToken) : 0;

        report = report with
        {
            RowsRead = read,
            Rejected = rejected,
            RejectedRows = rejectedRows.OrderBy(r => r.Line).ToList(),
            UnknownAreaRows = unknownRows,
            UnknownAreas = unknownAreas.Take(ImportReport.DetailLimit).Select(u => new UnknownArea(u.Key, u.Value.Label, u.Value.Rows)).ToList(),
            SmallCounts = smallCounts,
        };
        // Rows on areas outside the directory are never silent: listed with their counts, and more than half of the file
        // lost that way fails the run (a file of areas the installation does not know is no success with nothing new).
        if (unknownRows > 0 && unknownRows * 2 > read && !source.Settings.AllowUnknownAreas)
        {
            throw new RejectedRunException(report, string.Create(Core.German.Culture,
                $"{unknownRows:N0} von {read:N0} Zeilen nennen Gebiete, die das Gebietsverzeichnis nicht kennt ({string.Join(", ", report.UnknownAreas.Take(5).Select(u => $"{u.Key} {u.Label}: {u.Rows:N0} Zeilen"))}{(report.UnknownAreas.Count > 5 ? ", …" : "")}); " +
                $"mehr als die Hälfte der Datei ginge verloren, nichts wurde übernommen. Stimmen die Schlüssel (AGS wie 05754008)? Für eigene Gebiete diese zuerst anlegen, oder in der Quelle „allowUnknownAreas“ setzen."));
        }
        if (rejected > source.RejectThreshold * read)
        {
            // The first bad line is named: a malformed export (rows shifted by columns, a value column empty throughout) is found there.
            var firstBad = report.RejectedRows.FirstOrDefault();
            var first = firstBad is null ? "" : string.Create(Core.German.Culture, $" Erste: {firstBad.File}, Zeile {firstBad.Line:N0}, Spalte {firstBad.Column}: {firstBad.Reason}.");
            throw new RejectedRunException(report, string.Create(Core.German.Culture,
                $"{rejected:N0} von {read:N0} Zeilen wurden abgewiesen, mehr als die Quelle zulässt ({source.RejectThreshold:P0}); nichts wurde übernommen.{first} Ist ein Teil der Zeilen gewollt nicht lesbar, den Schwellenwert der Quelle („rejectThreshold“) erhöhen."));
        }

        var runParameters = new { RunId = report.RunId, Now = DateTime.UtcNow };
        var updated = await connection.ExecuteAsync(new CommandDefinition(InsertRevisions(dialect), runParameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(ApplyRevisions, runParameters, transaction, cancellationToken: cancellationToken));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertNew(dialect), runParameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertVariableSet, variableSets.Select(p => new { p.Variable, p.Set }), transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertVariableYear, variableYears.Select(p => new { p.Variable, p.Year }), transaction, cancellationToken: cancellationToken));
        await NameFormerAreasAsync(connection, transaction, keys, report, cancellationToken);
        phases.End("merge");
        // Pooled SQLite connections keep temp tables; drop it so the next run on this connection starts clean.
        await connection.ExecuteAsync(new CommandDefinition(DropStaging(dialect), transaction: transaction, cancellationToken: cancellationToken));

        return report with
        {
            Status = ImportStatus.Succeeded,
            Inserted = inserted,
            Updated = updated,
            Unchanged = staged - duplicates.Count - inserted - updated,
        };
    }

    /// <summary>
    /// A content whose Germany row carries a code of its own (Zensus 2022: PRS001 for Germany beside PRS018 for the Länder,
    /// same label and unit) is one variable: the Germany rows join the code of the other rows, so Germany stands beside its
    /// Länder. Only where exactly one other variable of the file has the same label and unit; otherwise nothing is joined.
    /// </summary>
    async Task UniteGermanyVariablesAsync(DbConnection connection, DbTransaction transaction, KeyResolver keys, HashSet<int> germanyVariables,
        HashSet<int> otherVariables, HashSet<(int Variable, int Set)> variableSets, HashSet<(int Variable, int Year)> variableYears, CancellationToken cancellationToken)
    {
        foreach (var only in germanyVariables.Except(otherVariables).ToList())
        {
            var (_, label, unit, created) = keys.RunVariables[only];
            var partners = otherVariables.Except(germanyVariables)
                .Where(v => keys.RunVariables[v].Label == label && keys.RunVariables[v].Unit == unit).ToList();
            if (partners.Count != 1) continue;
            var partner = partners[0];
            await connection.ExecuteAsync(new CommandDefinition($"UPDATE {database.Dialect.TempTable(Staging)} SET variable_id = @Partner WHERE variable_id = @Only",
                new { Partner = partner, Only = only }, transaction, cancellationToken: cancellationToken));
            foreach (var (_, set) in variableSets.Where(p => p.Variable == only).ToList()) { variableSets.Remove((only, set)); variableSets.Add((partner, set)); }
            foreach (var (_, year) in variableYears.Where(p => p.Variable == only).ToList()) { variableYears.Remove((only, year)); variableYears.Add((partner, year)); }
            // A variable this run created only for the Germany rows has nothing left: it goes again.
            if (created) await connection.ExecuteAsync(new CommandDefinition(DeleteVariable, new { Id = only }, transaction, cancellationToken: cancellationToken));
            logger.LogInformation("Import: the Germany rows' variable {Only} joins {Partner} (same label and unit)", keys.RunVariables[only].Code, keys.RunVariables[partner].Code);
        }
    }

    const string DeleteVariable = "DELETE FROM variables WHERE id = @Id";

    /// <summary>
    /// A former Kreis or Regierungsbezirk (Landkreis Göttingen, 03152) has only a placeholder name: no shipped list names
    /// it. The first file that carries it gives its name, in the run's transaction and audited.
    /// </summary>
    static async Task NameFormerAreasAsync(DbConnection connection, DbTransaction transaction, KeyResolver keys, ImportReport report, CancellationToken cancellationToken)
    {
        foreach (var (id, (key, placeholder, label)) in keys.NamesFromFile)
        {
            var name = Core.Areas.AreaHistory.NameFromLabel(label);
            await connection.ExecuteAsync(new CommandDefinition(NameFormerArea, new { Id = id, Name = name, Label = label }, transaction, cancellationToken: cancellationToken));
            await Core.Changes.AuditLog.WriteAsync(connection, transaction, $"import run {report.RunId}", "area.name_from_file", "area", key,
                new { Key = key, Name = placeholder }, new { Key = key, Name = name, OfficialName = label, File = report.FileName }, cancellationToken);
        }
    }

    const string NameFormerArea = "UPDATE areas SET name = @Name, official_name = @Label WHERE id = @Id AND official_name IS NULL";

    /// <summary>Flags implausible values after the data is committed; a failing check is logged and never fails the run.</summary>
    async Task<ImportReport> CheckPlausibilityAsync(ImportReport report, CancellationToken cancellationToken)
    {
        // In a job holding the source's lock, the check becomes a job of its own once the lock is released.
        if (Anomalies.DeferredChecks.TryDefer(report.RunId)) return report;
        try
        {
            var anomalies = await Anomalies.AnomalyCheck.RunAsync(database, report.RunId, cancellationToken);
            return report with { AnomalyCount = anomalies.Count, Anomalies = anomalies.Take(ImportReport.DetailLimit).ToList() };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The data is committed; a broken check must not turn the run into a failure.
            logger.LogError(ex, "Plausibility check of run {RunId} failed; the imported data is not affected.", report.RunId);
            return report;
        }
    }

    /// <summary>Recomputes the indicators whose variables the run changed; a failure is logged and never fails the run.</summary>
    async Task<ImportReport> RecomputeIndicatorsAsync(ImportReport report, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var variables = await connection.QueryAsync<string>(new CommandDefinition(VariablesOfRun, new { report.RunId }, cancellationToken: cancellationToken));
            var catalog = await Core.Indicators.CatalogStore.LoadAsync(database, cancellationToken);
            var affected = Core.Indicators.IndicatorDependencies.Affected(catalog, variables);
            if (affected.Count == 0) return report;
            var areas = (await connection.QueryAsync<long>(new CommandDefinition(AreasOfRun, new { report.RunId }, cancellationToken: cancellationToken))).Select(a => (int)a).ToList();
            var result = await Core.Indicators.IndicatorComputation.RecomputeAsync(database, catalog, affected, areas, cancellationToken);
            return report with { IndicatorValues = result.Values, IndicatorsRecomputed = affected.ToList() };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Recomputing indicators after run {RunId} failed; the imported data is not affected.", report.RunId);
            return report;
        }
    }

    /// <summary>The peer groups rest on structural indicators; when those changed, the groups are found anew. A failure is logged.</summary>
    async Task UpdatePeerGroupsAsync(ImportReport report, CancellationToken cancellationToken)
    {
        // Which indicators the groups rest on is the catalog's to say (Indicator.PeerFeature, Indicator.PeerSizeFeature).
        var inputs = Core.Indicators.IndicatorCatalog.Shipped().PeerInputs();
        if (!report.IndicatorsRecomputed.Any(inputs.Contains)) return;
        try
        {
            await Core.PeerGroups.PeerGroupStore.ComputeAsync(database, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Updating the peer groups after run {RunId} failed; the imported data is not affected.", report.RunId);
        }
    }

    const string AreasOfRun = "SELECT DISTINCT area_id FROM observations WHERE import_run_id = @RunId";
    const string VariablesOfRun = "SELECT DISTINCT v.code FROM observations o JOIN variables v ON v.id = o.variable_id WHERE o.import_run_id = @RunId";

    static IEnumerable<SourceRecord> Read(DataSource source, ReceivedFile file, Func<string, string?, string?> keyOfLabel)
    {
        if (source.Kind == SourceKind.GenesisFlatFile)
        {
            using var text = file.OpenText();
            var settings = new FlatFileSettings { NumberFormat = source.Settings.NumberFormat, RegionalVariables = source.Settings.RegionalVariables };
            foreach (var record in FlatFileReader.Read(text, file.Name, settings)) yield return record;
            yield break;
        }
        if (source.Kind == SourceKind.GenesisExport)
        {
            foreach (var record in GenesisExport.Read(file, source.Settings, keyOfLabel)) yield return record;
            yield break;
        }
        if (source.Kind == SourceKind.GenesisTable)
        {
            using var text = file.OpenText();
            foreach (var record in TableFileReader.Read(text, file.Name, source.Settings.Table, keyOfLabel)) yield return record;
            yield break;
        }

        var mapping = source.Settings.Mapping ?? throw new InvalidDataException($"Die Quelle „{source.Name}“ hat keine Spaltenzuordnung; bitte vor dem Import eine speichern.");
        foreach (var record in Tabular.TabularReader.Read(file, mapping)) yield return record;
    }

    sealed class PhaseClock
    {
        readonly Stopwatch clock = Stopwatch.StartNew();

        public Dictionary<string, double> Seconds { get; } = [];

        public void End(string phase)
        {
            Seconds[phase] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            clock.Restart();
        }
    }

    sealed class RejectedRunException(ImportReport report, string message) : Exception(message)
    {
        public ImportReport Report { get; } = report;
    }

    static string CreateStaging(SqlDialect dialect) => dialect.CreateTempTable(Staging,
        """
        ordinal BIGINT NOT NULL, line BIGINT NOT NULL, variable_id INT NOT NULL, area_id INT NOT NULL, period VARCHAR(10) NOT NULL,
        year INT NOT NULL, dimension_set_id INT NOT NULL, value DECIMAL(28,8) NULL, flags INT NOT NULL
        """);

    static string IndexStaging(SqlDialect dialect) =>
        dialect.CreateTempIndex("ix_import_staging_key", Staging, "variable_id, area_id, period, dimension_set_id, ordinal");

    static string DeleteStaged(SqlDialect dialect) => $"DELETE FROM {dialect.TempTable(Staging)} WHERE ordinal IN @Ordinals";

    static string DropStaging(SqlDialect dialect) => $"DROP TABLE {dialect.TempTable(Staging)}";

    const string SameKey = "f.variable_id = s.variable_id AND f.area_id = s.area_id AND f.period = s.period AND f.dimension_set_id = s.dimension_set_id";
    const string Stored = "o.variable_id = s.variable_id AND o.area_id = s.area_id AND o.period = s.period AND o.dimension_set_id = s.dimension_set_id";

    // One pass over the staging index finds the keys that occur more than once (rare); only their rows are joined.
    // Joining every staged row with the earlier ones of its key took as long as staging them.
    static string Duplicates(SqlDialect dialect) =>
        $"""
        SELECT s.ordinal, s.line, f.line
        FROM (SELECT variable_id, area_id, period, dimension_set_id, MIN(ordinal) AS first_ordinal FROM {dialect.TempTable(Staging)}
              GROUP BY variable_id, area_id, period, dimension_set_id HAVING COUNT(*) > 1) g
        JOIN {dialect.TempTable(Staging)} s ON {SameKey.Replace("f.", "g.", StringComparison.Ordinal)} AND s.ordinal > g.first_ordinal
        JOIN {dialect.TempTable(Staging)} f ON {SameKey.Replace("s.", "g.", StringComparison.Ordinal)} AND f.ordinal = g.first_ordinal
        ORDER BY s.ordinal
        """;

    static string InsertRevisions(SqlDialect dialect) =>
        $"""
        INSERT INTO observation_revisions (observation_id, old_value, old_flags, old_import_run_id, new_value, new_flags, import_run_id, revised_at)
        SELECT o.id, o.value, o.flags, o.import_run_id, s.value, s.flags, @RunId, @Now
        FROM {dialect.TempTable(Staging)} s JOIN observations o ON {Stored}
        WHERE o.flags <> s.flags OR o.value <> s.value OR (o.value IS NULL AND s.value IS NOT NULL) OR (o.value IS NOT NULL AND s.value IS NULL)
        """;

    const string ApplyRevisions =
        """
        UPDATE observations SET
            value = (SELECT r.new_value FROM observation_revisions r WHERE r.observation_id = observations.id AND r.import_run_id = @RunId),
            flags = (SELECT r.new_flags FROM observation_revisions r WHERE r.observation_id = observations.id AND r.import_run_id = @RunId),
            import_run_id = @RunId
        WHERE id IN (SELECT observation_id FROM observation_revisions WHERE import_run_id = @RunId)
        """;

    const string InsertVariableSet =
        """
        INSERT INTO variable_dimension_sets (variable_id, dimension_set_id) SELECT @Variable, @Set
        WHERE NOT EXISTS (SELECT 1 FROM variable_dimension_sets WHERE variable_id = @Variable AND dimension_set_id = @Set)
        """;

    const string InsertVariableYear =
        """
        INSERT INTO variable_years (variable_id, year) SELECT @Variable, @Year
        WHERE NOT EXISTS (SELECT 1 FROM variable_years WHERE variable_id = @Variable AND year = @Year)
        """;

    static string InsertNew(SqlDialect dialect) =>
        $"""
        INSERT INTO observations (variable_id, area_id, period, year, dimension_set_id, value, flags, import_run_id)
        SELECT s.variable_id, s.area_id, s.period, s.year, s.dimension_set_id, s.value, s.flags, @RunId
        FROM {dialect.TempTable(Staging)} s
        WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE {Stored})
        ORDER BY s.variable_id, s.area_id, s.period, s.dimension_set_id
        """;
}
