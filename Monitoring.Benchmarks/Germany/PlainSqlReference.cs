using System.Diagnostics;
using System.Globalization;
using Dapper;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;
using NCalc;
using NCalc.Visitors;

namespace Monitoring.Benchmarks.Germany;

/// <summary>
/// The reference for the indicator computation: the catalog's formulas as plain SQL over the same observations, one
/// INSERT … SELECT per indicator into a table of its own (each variable reference a GROUP BY over its dimension sets,
/// joined by area and year), then the sums up the area hierarchy as GROUP BY per level. It is what SQLite alone needs
/// for the arithmetic: no quality flags, no lineage, no breakdowns, no comparison with stored values; a NULL part is
/// skipped by SUM where the computation gives no value. Indicators derived from others (ind()) are left out.
/// </summary>
static class PlainSqlReference
{
    /// <param name="Indicators">Indicators translated.</param>
    /// <param name="Of">Indicators in the catalog.</param>
    /// <param name="Values">Values the plain SQL wrote.</param>
    /// <param name="Duration">Its time.</param>
    /// <param name="Compared">Values found among the computed ones (total, same area and year).</param>
    /// <param name="Equal">Of those, values with the same numerator.</param>
    public sealed record Result(int Indicators, int Of, long Values, TimeSpan Duration, long Compared, long Equal);

    public static async Task<Result> RunAsync(Database database, IndicatorCatalog catalog)
    {
        await using var connection = await database.OpenAsync();
        var variables = (await connection.QueryAsync<(long Id, string Code)>("SELECT id, code FROM variables")).ToDictionary(v => v.Code, v => v.Id, StringComparer.Ordinal);
        var sets = (await connection.QueryAsync<(long Id, string Key)>("SELECT id, set_key FROM dimension_sets")).ToDictionary(s => s.Key, s => s.Id, StringComparer.Ordinal);
        await connection.ExecuteAsync("DROP TABLE IF EXISTS temp.reference_values; CREATE TEMP TABLE reference_values (indicator_code TEXT NOT NULL, area_id INTEGER NOT NULL, year INTEGER NOT NULL, numerator REAL, denominator REAL, value REAL, " +
            "PRIMARY KEY (indicator_code, area_id, year))");
        var statements = catalog.Indicators.Select(i => (Indicator: i, Sql: Translate(i, variables, sets))).Where(s => s.Sql is not null).ToList();

        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var (indicator, sql) in statements)
            {
                await connection.ExecuteAsync(sql!, transaction: transaction);
                // Sums level by level, lowest first, where every area below has a figure.
                foreach (var level in new[] { "Gemeinde", "Kreis", "Regierungsbezirk", "Land" })
                {
                    await connection.ExecuteAsync(SumUp, new { indicator.Code, Level = level, Factor = (double)indicator.Factor, Ratio = indicator.Denominator is null ? 0 : 1 }, transaction);
                }
            }
            await transaction.CommitAsync();
        }
        var duration = clock.Elapsed;
        var values = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM temp.reference_values");
        // The same numbers? Secret cells differ: SUM skips what the computation leaves without a value.
        var (compared, equal) = await connection.QuerySingleAsync<(long, long)>(
            """
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN abs(v.numerator - r.numerator) <= 1e-9 * abs(r.numerator) THEN 1 ELSE 0 END), 0)
            FROM indicator_values v JOIN temp.reference_values r ON r.indicator_code = v.indicator_code AND r.area_id = v.area_id AND r.year = v.year
            WHERE v.breakdown = ''
            """);
        return new Result(statements.Count, catalog.Indicators.Count, values, duration, compared, equal);
    }

    const string SumUp =
        """
        INSERT INTO temp.reference_values (indicator_code, area_id, year, numerator, denominator, value)
        SELECT rv.indicator_code, a.parent_id, rv.year, SUM(rv.numerator), SUM(rv.denominator),
               CASE WHEN @Ratio = 1 THEN SUM(rv.numerator) * 1.0 / NULLIF(SUM(rv.denominator), 0) * @Factor ELSE SUM(rv.numerator) * @Factor END
        FROM temp.reference_values rv JOIN areas a ON a.id = rv.area_id
        WHERE rv.indicator_code = @Code AND a.level = @Level AND a.parent_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM temp.reference_values o WHERE o.indicator_code = @Code AND o.area_id = a.parent_id AND o.year = rv.year)
        GROUP BY rv.indicator_code, a.parent_id, rv.year
        HAVING COUNT(*) = (SELECT COUNT(*) FROM areas c WHERE c.parent_id = a.parent_id)
        """;

    /// <summary>One INSERT … SELECT for the indicator's own figures; null for a derived indicator or one whose formulas do not parse.</summary>
    static string? Translate(Indicator indicator, Dictionary<string, long> variables, Dictionary<string, long> sets)
    {
        var formulas = new[] { indicator.Numerator, indicator.Denominator }.OfType<string>().Select(t => Formula.Parse(t).Formula).ToList();
        if (formulas.Any(f => f is null || f.Indicators.Count > 0)) return null;
        var references = new List<(VariableReference Reference, string Alias)>();
        var expressions = formulas.Select(f => f!.Tree.Accept(new SqlVisitor(f, references))).ToList();
        // The first reference is the base the others join to; one taken from the year before cannot be it.
        if (references[0].Reference.Previous) return null;
        var baseAlias = references[0].Alias;
        string Subquery((VariableReference Reference, string Alias) r) =>
            $"(SELECT area_id, year, SUM(value) AS v FROM observations WHERE variable_id = {variables.GetValueOrDefault(r.Reference.Code, -1)} " +
            $"AND dimension_set_id IN ({string.Join(",", SetIds(r.Reference, sets).DefaultIfEmpty(-1))}) GROUP BY area_id, year) AS {r.Alias}";
        var from = "FROM " + Subquery(references[0]) + string.Concat(references.Skip(1).Select(r =>
            $"\nJOIN {Subquery(r)} ON {r.Alias}.area_id = {baseAlias}.area_id AND {r.Alias}.year = {baseAlias}.year{(r.Reference.Previous ? " - 1" : "")}"));
        var factor = ((double)indicator.Factor).ToString(CultureInfo.InvariantCulture);
        var (numerator, denominator) = (expressions[0], expressions.Count > 1 ? expressions[1] : "NULL");
        var value = indicator.Denominator is null ? $"({numerator}) * {factor}" : $"({numerator}) * 1.0 / NULLIF({denominator}, 0) * {factor}";
        return $"INSERT INTO temp.reference_values (indicator_code, area_id, year, numerator, denominator, value)\nSELECT '{indicator.Code}', {baseAlias}.area_id, {baseAlias}.year, {numerator}, {denominator}, {value}\n{from}";
    }

    /// <summary>The stored combinations a reference sums: every combination of its filter values (the generator writes each in full).</summary>
    static IEnumerable<long> SetIds(VariableReference reference, Dictionary<string, long> sets)
    {
        IEnumerable<string[]> keys = [[]];
        foreach (var (dimension, values) in reference.Filters) keys = keys.SelectMany(k => values.Select(v => k.Append($"{dimension}={v}").ToArray())).ToList();
        return keys.Select(k => string.Join(';', k.Order(StringComparer.Ordinal))).Select(k => sets.GetValueOrDefault(k, -1)).Where(id => id > 0);
    }

    sealed class SqlVisitor(Formula formula, List<(VariableReference Reference, string Alias)> references) : ILogicalExpressionVisitor<string>
    {
        int index;

        public string Visit(BinaryExpression expression)
        {
            var (left, right) = (expression.LeftExpression.Accept(this), expression.RightExpression.Accept(this));
            return expression.Type switch
            {
                BinaryExpressionType.Plus => $"({left} + {right})",
                BinaryExpressionType.Minus => $"({left} - {right})",
                BinaryExpressionType.Times => $"({left} * {right})",
                BinaryExpressionType.Div => $"({left} * 1.0 / NULLIF({right}, 0))",
                _ => throw new NotSupportedException(expression.Type.ToString()),
            };
        }

        public string Visit(UnaryExpression expression) => $"(-{expression.Expression.Accept(this)})";

        public string Visit(ValueExpression expression) => Convert.ToDouble(expression.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

        public string Visit(Function function) => function.Identifier.Name.ToLowerInvariant() switch
        {
            "v" => Reference(formula.Variables[index++]),
            "prev" => function.Parameters[0].Accept(this),
            "abs" => $"ABS({function.Parameters[0].Accept(this)})",
            "min" => $"MIN({function.Parameters[0].Accept(this)}, {function.Parameters[1].Accept(this)})",
            "max" => $"MAX({function.Parameters[0].Accept(this)}, {function.Parameters[1].Accept(this)})",
            var other => throw new NotSupportedException(other),
        };

        string Reference(VariableReference reference)
        {
            var alias = $"r{references.Count}";
            references.Add((reference, alias));
            return $"{alias}.v";
        }

        public string Visit(TernaryExpression expression) => throw new NotSupportedException("conditions");

        public string Visit(Identifier expression) => throw new NotSupportedException("identifiers");

        public string Visit(LogicalExpressionList expression) => throw new NotSupportedException("lists");
    }
}
