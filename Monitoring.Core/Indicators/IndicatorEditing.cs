using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>Analysts add and change indicators; a change is validated against the whole catalog before it is stored.</summary>
public static class IndicatorEditing
{
    public sealed record Saved(bool Created, IReadOnlyList<string> Errors, IndicatorComputation.Result? Computation)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    /// <summary>
    /// Validates <paramref name="indicator"/> within the stored catalog (its formulas against the known variables,
    /// dimensions and indicators; indicators using it must stay valid too), then stores it marked as edited, so that
    /// seeding from the shipped catalog leaves it alone, and recomputes it and what derives from it.
    /// Nothing is stored when there is an error.
    /// </summary>
    public static async Task<Saved> SaveAsync(Database database, Indicator indicator, CancellationToken cancellationToken = default)
    {
        var stored = await IndicatorComputation.LoadCatalogAsync(database, cancellationToken);
        var created = stored.Indicators.All(i => i.Code != indicator.Code);
        var changed = With(stored, indicator);
        var errors = changed.Validate();
        if (errors.Count > 0) return new Saved(created, errors, null);

        var row = new { indicator.Code, indicator.Field, indicator.NameDe, Definition = IndicatorComputation.Serialize(indicator), Now = DateTime.UtcNow };
        await database.InTransactionAsync((connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(created ? Insert : Update, row, transaction, cancellationToken: cancellationToken)), cancellationToken);

        var affected = IndicatorComputation.Affected(changed, indicator.Formulas().SelectMany(f => f.Variables).Select(v => v.Code));
        var codes = affected.Append(indicator.Code).Concat(changed.Indicators.Where(i => i.Formulas().Any(f => f.Indicators.Contains(indicator.Code))).Select(i => i.Code))
            .ToHashSet(StringComparer.Ordinal);
        var computation = await IndicatorComputation.RecomputeAsync(database, changed, codes, null, cancellationToken);
        return new Saved(created, [], computation);
    }

    /// <summary>Problems of the catalog with <paramref name="indicator"/> added or replaced, for a check before saving or a preview.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(Database database, Indicator indicator, CancellationToken cancellationToken = default) =>
        With(await IndicatorComputation.LoadCatalogAsync(database, cancellationToken), indicator).Validate();

    static IndicatorCatalog With(IndicatorCatalog catalog, Indicator indicator) =>
        catalog with { Indicators = catalog.Indicators.Where(i => i.Code != indicator.Code).Append(indicator).ToList() };

    const string Insert = "INSERT INTO indicators (code, field, name_de, definition, edited, updated_at) VALUES (@Code, @Field, @NameDe, @Definition, 1, @Now)";
    const string Update = "UPDATE indicators SET field = @Field, name_de = @NameDe, definition = @Definition, edited = 1, updated_at = @Now WHERE code = @Code";
}
