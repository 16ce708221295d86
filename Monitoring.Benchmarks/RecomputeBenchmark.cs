using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Benchmarks;

/// <summary>
/// The issue's scale for the calculation layer: every catalog indicator for N municipalities (in Kreise of 25, in 10
/// Länder) over 25 years. Observations for every breakdown the catalog's formulas use are written straight into the
/// store (the import is measured by the import benchmark), then: the first full computation, a full recompute over
/// stored values, and the incremental recompute after importing one Kreis's corrected population figures through the
/// importer, as a scheduled job would.
/// </summary>
static class RecomputeBenchmark
{
    const int FirstYear = 2000, Years = 25, PerKreis = 25, Laender = 10;

    /// <summary>A full recompute over an existing database (one kept with --keep): nothing changed, so nothing is written.</summary>
    public static async Task<int> RunOnAsync(string file)
    {
        var database = Database.Create(new ConfigurationBuilder().AddInMemoryCollection([new("Database:SqlitePath", file)]).Build(), Path.GetDirectoryName(Path.GetFullPath(file))!);
        // A database kept by an older build gets the current schema first, as the hosts would give it.
        await Schema.PrepareAsync(database, migrate: true, NullLogger.Instance);
        var catalog = await CatalogStore.LoadAsync(database);
        var full = await IndicatorComputation.RecomputeAllAsync(database, catalog);
        Console.WriteLine($"Full recompute: {full.Indicators} indicators, {full.Values:N0} values computed, {full.Written:N0} written, {full.Duration.TotalSeconds:N2} s; " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:N0} MiB; " +
            $"garbage collections {GC.CollectionCount(0):N0}/{GC.CollectionCount(1):N0}/{GC.CollectionCount(2):N0} (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalSeconds:N2} s, " +
            $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {System.Runtime.GCSettings.LatencyMode}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return 0;
    }

    /// <param name="municipalities">How many municipalities to generate.</param>
    /// <param name="keep">A folder to keep the database in (for the page benchmark on the same data), or null to delete it.</param>
    /// <param name="firstOnly">Only the first computation (enough to prepare data for the page benchmark).</param>
    public static async Task<int> RunAsync(int municipalities, string? keep = null, bool firstOnly = false)
    {
        var directory = keep ?? Path.Combine(Path.GetTempPath(), "monitoring-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var database = Database.Create(new ConfigurationBuilder().AddInMemoryCollection([new("Database:SqlitePath", Path.Combine(directory, "bench.db"))]).Build(), directory);
            await Schema.PrepareAsync(database, migrate: true, NullLogger.Instance);
            var catalog = IndicatorCatalog.Shipped();
            await CatalogStore.SeedAsync(database, catalog);

            var setup = Stopwatch.StartNew();
            var gemeinden = await CreateAreasAsync(database, municipalities);
            var observations = await WriteObservationsAsync(database, catalog, gemeinden);
            Console.WriteLine($"Set-up: {municipalities:N0} municipalities × {Years} years, {observations:N0} observations written in {setup.Elapsed.TotalSeconds:N1} s");

            var first = await IndicatorComputation.RecomputeAllAsync(database, catalog);
            Console.Error.WriteLine($"  first computation {first.Duration.TotalSeconds:N2} s");
            if (firstOnly)
            {
                Console.WriteLine($"First computation: {first.Values:N0} values in {first.Duration.TotalSeconds:N1} s; database kept in {directory}");
                return 0;
            }
            var full = await IndicatorComputation.RecomputeAllAsync(database, catalog);
            Console.Error.WriteLine($"  full recompute {full.Duration.TotalSeconds:N2} s");

            var file = Path.Combine(directory, "kreis_flat.csv");
            WriteKreisFile(file, gemeinden.Take(PerKreis).Select(g => g.Key).ToList(), FirstYear, Years, stichtag: false);
            var source = await database.CreateSourceAsync(new DataSource { Name = "one Kreis", Kind = SourceKind.GenesisFlatFile });
            var report = await new Importer(database, NullLogger<Importer>.Instance).ImportFileAsync(source, file);
            if (report.Status is not ImportStatus.Succeeded) throw new InvalidOperationException(report.Error);
            Console.Error.WriteLine("  Kreis import: " + string.Join(", ", report.Phases.Select(p => $"{p.Key} {p.Value:N2} s")));

            Console.WriteLine();
            Console.WriteLine("| computation | indicators | values computed | values written | seconds |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine($"| first full computation (empty table) | {first.Indicators} | {first.Values:N0} | {first.Written:N0} | {first.Duration.TotalSeconds:N2} |");
            Console.WriteLine($"| full recompute over stored values | {full.Indicators} | {full.Values:N0} | {full.Written:N0} | {full.Duration.TotalSeconds:N2} |");
            Console.WriteLine($"| incremental after one Kreis's import ({report.Inserted + report.Updated:N0} rows changed) | – | {report.IndicatorValues:N0} | – | {report.Phases.GetValueOrDefault("indicators"):N2} |");
            Console.WriteLine($"| peer groups after that import ({municipalities:N0} municipalities) | – | – | – | {report.Phases.GetValueOrDefault("peer groups"):N2} |");
            Console.WriteLine($"Database: {new FileInfo(Path.Combine(directory, "bench.db")).Length / 1024.0 / 1024.0:N0} MiB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:N0} MiB");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep is null) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Bund, 10 Länder, Kreise of 25 municipalities; returns the municipalities' (id, key).</summary>
    static async Task<List<(int Id, string Key)>> CreateAreasAsync(Database database, int municipalities) =>
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            async Task<int> Add(string key, string name, string level, int? parent) =>
                (int)await connection.ExecuteScalarAsync<long>(InsertArea(database.Dialect), new { Key = key, Name = name, Level = level, Parent = parent }, transaction);

            var bund = await Add("DG", "Deutschland", "Bund", null);
            var laender = new List<int>();
            for (var l = 1; l <= Laender; l++) laender.Add(await Add($"{l:D2}", $"Land {l}", "Land", bund));
            var result = new List<(int, string)>();
            var kreise = (municipalities + PerKreis - 1) / PerKreis;
            for (var k = 0; k < kreise; k++)
            {
                var land = k % Laender + 1;
                var kreisKey = $"{land:D2}0{k / Laender + 1:D2}";
                var kreis = await Add(kreisKey, $"Kreis {k}", "Kreis", laender[land - 1]);
                for (var g = 0; g < PerKreis && result.Count < municipalities; g++)
                {
                    var key = $"{kreisKey}{g + 1:D3}";
                    result.Add((await Add(key, $"Gemeinde {key}", "Gemeinde", kreis), key));
                }
            }
            return result;
        });

    static string InsertArea(SqlDialect dialect) => dialect.InsertReturningId("areas", "area_key, name, level, parent_id", "@Key, @Name, @Level, @Parent");

    /// <summary>
    /// For every variable, each combination of dimensions the catalog's formulas filter on, in full (all values of
    /// those dimensions), plus the total: what an office's files carry side by side.
    /// </summary>
    static async Task<long> WriteObservationsAsync(Database database, IndicatorCatalog catalog, List<(int Id, string Key)> gemeinden)
    {
        var declared = catalog.Variables.ToDictionary(v => v.Code);
        var breakdowns = catalog.Indicators.SelectMany(i => i.Formulas()).SelectMany(f => f.Variables)
            .GroupBy(r => r.Code)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Filters.Keys.Order(StringComparer.Ordinal).ToArray()).Append([])
                .DistinctBy(d => string.Join(",", d)).ToList());
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var runId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO data_sources (name, kind) VALUES ('generated', 'GenesisFlatFile'); " +
                "INSERT INTO import_runs (data_source_id, status, started_at) VALUES (last_insert_rowid(), 'Succeeded', '2026-01-01T00:00:00Z'); SELECT last_insert_rowid();", transaction: transaction);
            foreach (var (dimension, values) in declared.Values.SelectMany(v => v.Dimensions).DistinctBy(d => d.Key))
            {
                await connection.ExecuteAsync("INSERT INTO dimensions (code, label) VALUES (@Code, @Code)", new { Code = dimension }, transaction);
            }
            foreach (var (dimension, value) in declared.Values.SelectMany(v => v.Dimensions).SelectMany(d => d.Value.Select(v => (d.Key, v))).Distinct())
            {
                await connection.ExecuteAsync("INSERT OR IGNORE INTO dimension_values (dimension, code, label) VALUES (@Dimension, @Value, @Value)", new { Dimension = dimension, Value = value }, transaction);
            }

            var setIds = new Dictionary<string, int>(StringComparer.Ordinal) { [""] = 1 };
            async Task<int> SetId(IReadOnlyList<(string Dimension, string Value)> members)
            {
                var key = string.Join(";", members.OrderBy(m => m.Dimension, StringComparer.Ordinal).Select(m => $"{m.Dimension}={m.Value}"));
                if (setIds.TryGetValue(key, out var id)) return id;
                id = (int)await connection.ExecuteScalarAsync<long>("INSERT INTO dimension_sets (set_key) VALUES (@Key); SELECT last_insert_rowid();", new { Key = key }, transaction);
                foreach (var (dimension, value) in members)
                {
                    await connection.ExecuteAsync("INSERT INTO dimension_set_members (set_id, dimension, value_code) VALUES (@Id, @Dimension, @Value)", new { Id = id, Dimension = dimension, Value = value }, transaction);
                }
                return setIds[key] = id;
            }

            long written = 0;
            var rows = new List<object?[]>(1 << 20);
            foreach (var (code, combinations) in breakdowns)
            {
                var variableId = (int)await connection.ExecuteScalarAsync<long>("INSERT INTO variables (code, label) VALUES (@Code, @Code); SELECT last_insert_rowid();", new { Code = code }, transaction);
                var sets = new List<(int Id, double Share)>();
                foreach (var dimensions in combinations)
                {
                    IEnumerable<List<(string, string)>> product = [[]];
                    foreach (var dimension in dimensions)
                    {
                        product = product.SelectMany(p => declared[code].Dimensions[dimension].Select(v => p.Append((dimension, v)).ToList()));
                    }
                    var members = product.ToList();
                    foreach (var combination in members) sets.Add((await SetId(combination), 1.0 / members.Count));
                }
                foreach (var (id, _) in sets.DistinctBy(s => s.Id))
                {
                    await connection.ExecuteAsync("INSERT INTO variable_dimension_sets (variable_id, dimension_set_id) VALUES (@Variable, @Set)", new { Variable = variableId, Set = id }, transaction);
                }
                // As the importer keeps them: which years each variable is stored for.
                for (var year = FirstYear; year < FirstYear + Years; year++)
                {
                    await connection.ExecuteAsync("INSERT INTO variable_years (variable_id, year) VALUES (@Variable, @Year)", new { Variable = variableId, Year = year }, transaction);
                }
                foreach (var (areaId, _) in gemeinden)
                {
                    for (var year = FirstYear; year < FirstYear + Years; year++)
                    {
                        foreach (var (setId, share) in sets.DistinctBy(s => s.Id).OrderBy(s => s.Id))
                        {
                            var value = Math.Round((500 + (areaId * 37 + year * 11 + setId * 7) % 20_000) * share);
                            rows.Add([variableId, areaId, year.ToString(CultureInfo.InvariantCulture), year, setId, value, 0, runId]);
                        }
                    }
                    if (rows.Count >= 1 << 20)
                    {
                        written += rows.Count;
                        await database.BulkInsertAsync(connection, transaction, "observations", ObservationColumns, rows);
                        rows.Clear();
                    }
                }
            }
            written += rows.Count;
            await database.BulkInsertAsync(connection, transaction, "observations", ObservationColumns, rows);
            return written;
        });
    }

    static readonly string[] ObservationColumns = ["variable_id", "area_id", "period", "year", "dimension_set_id", "value", "flags", "import_run_id"];

    /// <summary>
    /// One Kreis's foreign and German residents (BEVSTD by NAT) for every year, at the reference date 31.12. when
    /// <paramref name="stichtag"/> (as stocks are stored) or per year, each a figure other than the generated one.
    /// </summary>
    internal static void WriteKreisFile(string path, IReadOnlyList<string> keys, int firstYear, int years, bool stichtag)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl");
        for (var i = 0; i < keys.Count; i++)
        {
            for (var year = firstYear; year < firstYear + years; year++)
            {
                var time = stichtag ? $"STAG;Stichtag;31.12.{year}" : $"JAHR;Jahr;{year}";
                foreach (var nat in new[] { "NATA", "NATD" })
                {
                    writer.WriteLine($"12411;Bev;{time};GEMEIN;Gemeinden;{keys[i]};Gemeinde;NAT;Staatsangehörigkeit;{nat};{nat};{30_000 + i * 100 + year}");
                }
            }
        }
    }
}
