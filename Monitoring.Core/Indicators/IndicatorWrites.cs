using Dapper;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>An indicator as stored by an Analyst, with the recomputation it caused.</summary>
public sealed record IndicatorSaved(Indicator Indicator, bool Created, IndicatorComputation.Result Computation);

/// <summary>
/// Analysts add and change indicators, through the API and the dashboard alike. A change is validated against the
/// whole catalog (its formulas against the known variables, dimensions and indicators; indicators using it must stay
/// valid too), then stored marked as edited (so that seeding from the shipped catalog leaves it alone) with its audit
/// entry in one transaction, and then it and what derives from it are recomputed. Nothing is stored when there is an error.
/// </summary>
public sealed class IndicatorWrites(Database database)
{
    /// <summary>Problems of the catalog with <paramref name="indicator"/> added or replaced, for a check before saving or a preview.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(Indicator indicator, CancellationToken cancellationToken = default) =>
        With(await CatalogStore.LoadAsync(database, cancellationToken), Trimmed(indicator)).Validate();

    /// <summary>The catalog's problems by the field they concern: the numerator's formula, the denominator's, or the indicator as a whole.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByField(IEnumerable<string> problems) =>
        problems.GroupBy(e => e.Contains($", {IndicatorCatalog.NumeratorPart}", StringComparison.Ordinal) ? "numerator"
                : e.Contains($", {IndicatorCatalog.DenominatorPart}", StringComparison.Ordinal) ? "denominator" : "indicator")
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.ToList());

    public async Task<WriteResult<IndicatorSaved>> CreateAsync(string actor, Indicator input, CancellationToken cancellationToken = default)
    {
        var indicator = Trimmed(input);
        var stored = await CatalogStore.LoadAsync(database, cancellationToken);
        if (stored.Indicators.Any(i => string.Equals(i.Code, indicator.Code, StringComparison.OrdinalIgnoreCase)))
        {
            return WriteResult<IndicatorSaved>.Conflict($"Den Indikator {indicator.Code} gibt es schon; bitte den bestehenden ändern.");
        }
        return await SaveAsync(actor, stored, null, indicator with { PeerFeature = false, PeerSizeFeature = null }, cancellationToken);
    }

    public async Task<WriteResult<IndicatorSaved>> UpdateAsync(string actor, string code, Indicator input, CancellationToken cancellationToken = default)
    {
        var indicator = Trimmed(input);
        var stored = await CatalogStore.LoadAsync(database, cancellationToken);
        if (stored.Indicators.FirstOrDefault(i => string.Equals(i.Code, code.Trim(), StringComparison.OrdinalIgnoreCase)) is not { } before) return WriteResult<IndicatorSaved>.Missing;
        if (!string.Equals(indicator.Code, before.Code, StringComparison.Ordinal))
        {
            return WriteResult<IndicatorSaved>.Invalid("code", "Der Code eines bestehenden Indikators bleibt; im Inhalt steht der Code in der Adresse.");
        }
        // Whether the peer groups rest on it is the catalog's declaration, not part of an edit.
        return await SaveAsync(actor, stored, before, indicator with { PeerFeature = before.PeerFeature, PeerSizeFeature = before.PeerSizeFeature }, cancellationToken);
    }

    async Task<WriteResult<IndicatorSaved>> SaveAsync(string actor, IndicatorCatalog stored, Indicator? before, Indicator indicator, CancellationToken cancellationToken)
    {
        var changed = With(stored, indicator);
        if (changed.Validate() is { Count: > 0 } problems) return WriteResult<IndicatorSaved>.Invalid(ByField(problems));

        var row = new { indicator.Code, indicator.Field, indicator.NameDe, Definition = CatalogStore.Serialize(indicator), Now = DateTime.UtcNow };
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(before is null ? Insert : Update, row, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, before is null ? "indicator.create" : "indicator.update", "indicator", indicator.Code, before, indicator,
                cancellationToken);
        }, cancellationToken);

        var affected = IndicatorDependencies.Affected(changed, indicator.Formulas().SelectMany(f => f.Variables).Select(v => v.Code));
        var codes = affected.Append(indicator.Code).Concat(changed.Indicators.Where(i => i.Formulas().Any(f => f.Indicators.Contains(indicator.Code))).Select(i => i.Code))
            .ToHashSet(StringComparer.Ordinal);
        var computation = await IndicatorComputation.RecomputeAsync(database, changed, codes, null, cancellationToken);
        return WriteResult<IndicatorSaved>.Done(new IndicatorSaved(indicator, before is null, computation));
    }

    static Indicator Trimmed(Indicator indicator) => indicator with { Code = indicator.Code.Trim() };

    static IndicatorCatalog With(IndicatorCatalog catalog, Indicator indicator) =>
        catalog with { Indicators = catalog.Indicators.Where(i => i.Code != indicator.Code).Append(indicator).ToList() };

    const string Insert = "INSERT INTO indicators (code, field, name_de, definition, edited, updated_at) VALUES (@Code, @Field, @NameDe, @Definition, 1, @Now)";
    const string Update = "UPDATE indicators SET field = @Field, name_de = @NameDe, definition = @Definition, edited = 1, updated_at = @Now WHERE code = @Code";
}
