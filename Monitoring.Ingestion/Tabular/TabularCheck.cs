using Monitoring.Core.Areas;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Tabular;

/// <summary>
/// A dry run of a mapped file before anything is stored: the whole file read exactly as the import will read it (same
/// encoding, same reader, same area resolution), with the first observations as they will be stored, every count, the
/// first rejected places, and each area name or key that resolves to no area or to more than one, with its rows and
/// the directory's suggestions. The analyst confirms a suggestion once; the source keeps it (<see cref="TabularMapping.AreaNames"/>).
/// </summary>
public sealed record TabularCheck(
    IReadOnlyList<TabularCheck.Row> Rows,
    long RowsRead,
    long Observations,
    long Rejected,
    IReadOnlyList<SourceRejection> Rejections,
    IReadOnlyList<TabularCheck.AreaProblem> Areas,
    string? Encoding)
{
    public const int MaxRows = 20;

    /// <summary>One observation as it will be stored: the area as resolved, the period, the dimensions, the variable and the value with its symbol.</summary>
    public sealed record Row(long Line, string InFile, string? AreaKey, string? AreaName, string Period, string Dimensions, string Variable, string Value, string Flags);

    /// <summary>An area the file names that resolves to no area (<see cref="Ambiguous"/> false) or to several; with its rows and the candidates to choose from.</summary>
    public sealed record AreaProblem(string InFile, long Rows, bool Ambiguous, IReadOnlyList<AreaNames.Candidate> Candidates);

    /// <summary>Whether every row the file has is stored as it stands: no rejected row and no unresolved area.</summary>
    public bool Clean => Rejected == 0 && Areas.Count == 0;

    /// <summary>Reads <paramref name="path"/> through <paramref name="mapping"/> as a source with <paramref name="settings"/> would import it.</summary>
    public static async Task<TabularCheck> RunAsync(Database database, HomeArea home, string path, string fileName, SourceSettings settings, TabularMapping mapping,
        CancellationToken cancellationToken)
    {
        using var file = await ReceivedFile.OpenAsync(path, fileName, settings.Encoding, unpackZip: false, cancellationToken);
        var names = await database.AreaNamesAsync(home.Key, cancellationToken);
        var areas = new TabularAreas(names, mapping);
        var rows = new List<Row>();
        var rejections = new List<SourceRejection>();
        var problems = new Dictionary<string, (long Rows, AreaNames.Match? Match)>(StringComparer.OrdinalIgnoreCase);
        long read = 0, observations = 0, rejected = 0;
        foreach (var record in TabularReader.Read(file, mapping))
        {
            cancellationToken.ThrowIfCancellationRequested();
            read++;
            if (record is SourceRejection rejection)
            {
                rejected++;
                if (rejections.Count < MaxRows) rejections.Add(rejection);
                continue;
            }
            var observation = (SourceObservation)record;
            var resolved = areas.Resolve(observation.AreaCode);
            if (resolved.Key is null)
            {
                problems[observation.AreaCode] = ((problems.TryGetValue(observation.AreaCode, out var seen) ? seen.Rows : 0) + 1, resolved.Problem);
                if (resolved.Problem?.Kind == AreaNames.MatchKind.Ambiguous) rejected++;
                continue;
            }
            observations++;
            if (rows.Count < MaxRows)
            {
                rows.Add(new Row(observation.Line, observation.AreaCode, resolved.Key, resolved.Name, Period.German(observation.Period),
                    observation.Dimensions.Count == 0 ? "insgesamt" : string.Join(", ", observation.Dimensions.Select(d => $"{d.DimensionLabel}: {d.Label}")),
                    $"{observation.VariableLabel} ({observation.VariableCode})" + (observation.Unit is null ? "" : $", {observation.Unit}"),
                    OfficialFormat.Format((double?)observation.Value.Value, observation.Value.Flags, observation.Value.Value is { } v ? Math.Min((int)v.Scale, 3) : 0),
                    QualityFlagsText.German(observation.Value.Flags)));
            }
        }
        var listed = problems
            .Select(p => new AreaProblem(p.Key, p.Value.Rows, p.Value.Match?.Kind == AreaNames.MatchKind.Ambiguous, p.Value.Match?.Candidates ?? []))
            .OrderByDescending(p => p.Ambiguous).ThenBy(p => p.InFile, StringComparer.Create(Core.German.Culture, true))
            .ToList();
        return new TabularCheck(rows, read, observations, rejected, rejections, listed, file.IsWorkbook ? null : file.Encoding.WebName);
    }
}
