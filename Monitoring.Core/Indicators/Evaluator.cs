using System.Globalization;
using Monitoring.Core.Observations;
using NCalc;
using NCalc.Visitors;

namespace Monitoring.Core.Indicators;

/// <summary>
/// Evaluates a parsed <see cref="Formula"/> over whole columns: each node of the tree is computed once for all areas and
/// years, as a loop over arrays, never re-parsed or re-walked per value. A result exists where all inputs exist; it has
/// no value where an input has none (secret, later, unreliable, not meaningful) or a division by zero occurs, and it
/// carries the inputs' flags (provisional, estimated, limited reliability, revised, series break).
/// </summary>
public static class Evaluator
{
    /// <param name="formula">The parsed formula.</param>
    /// <param name="grid">The cells to compute.</param>
    /// <param name="variable">Supplies a variable reference's column (its filters applied, summed over the other dimensions).</param>
    /// <param name="indicator">Supplies another indicator's computed column.</param>
    public static Column Evaluate(Formula formula, Grid grid, Func<VariableReference, Column> variable, Func<string, Column> indicator) =>
        formula.Tree.Accept(new ColumnVisitor(formula, grid, variable, indicator));

    /// <summary>Combines two cells: the operation where both have values, otherwise no value, with the union of their flags.</summary>
    public static Cell Combine(Cell left, Cell right, Func<double, double, double?> operation, QualityFlags whenUndefined = QualityFlags.NotMeaningful)
    {
        var flags = (left.Flags | right.Flags) & Cell.Inherited;
        var sources = Lineage.Union(left.Sources, right.Sources);
        if (left.Value is not double a || right.Value is not double b) return new Cell(null, flags, sources);
        return operation(a, b) is double result && double.IsFinite(result) ? new Cell(result, flags, sources) : new Cell(null, flags | whenUndefined, sources);
    }

    /// <summary>The operation cell by cell where both columns have cells; a constant applies to every cell.</summary>
    public static Column Pairwise(Column left, Column right, Func<double, double, double> operation)
    {
        var grid = left.Grid;
        if (left.Constant is Cell l && right.Constant is Cell r)
        {
            return Column.Of(grid, Combine(l, r, (a, b) => operation(a, b)));
        }
        var result = new Column(grid);
        var (leftConstant, rightConstant) = (left.Constant, right.Constant);
        for (var i = 0; i < grid.Count; i++)
        {
            if ((leftConstant is null && !left.Present[i]) || (rightConstant is null && !right.Present[i])) continue;
            var (a, leftFlags, leftSources) = leftConstant is Cell lc ? (lc.Value!.Value, lc.Flags, 0) : (left.Values[i], left.Flags[i], left.Sources[i]);
            var (b, rightFlags, rightSources) = rightConstant is Cell rc ? (rc.Value!.Value, rc.Flags, 0) : (right.Values[i], right.Flags[i], right.Sources[i]);
            var flags = (leftFlags | rightFlags) & Cell.Inherited;
            var value = operation(a, b);
            if (!double.IsFinite(value))
            {
                // An input without value gives none; two values without a finite result are not meaningful.
                if (!double.IsNaN(a) && !double.IsNaN(b)) flags |= QualityFlags.NotMeaningful;
                value = double.NaN;
            }
            result.Present[i] = true;
            result.Values[i] = value;
            result.Flags[i] = flags;
            result.Sources[i] = Lineage.Union(leftSources, rightSources);
        }
        return result;
    }

    sealed class ColumnVisitor(Formula formula, Grid grid, Func<VariableReference, Column> variable, Func<string, Column> indicator) : ILogicalExpressionVisitor<Column>
    {
        int variableIndex;

        public Column Visit(BinaryExpression expression)
        {
            var left = expression.LeftExpression.Accept(this);
            var right = expression.RightExpression.Accept(this);
            Func<double, double, double> operation = expression.Type switch
            {
                BinaryExpressionType.Plus => static (a, b) => a + b,
                BinaryExpressionType.Minus => static (a, b) => a - b,
                BinaryExpressionType.Times => static (a, b) => a * b,
                // Infinite or NaN (x / 0, 0 / 0) is not meaningful.
                BinaryExpressionType.Div => static (a, b) => a / b,
                _ => throw new InvalidOperationException($"operator {expression.Type} was not rejected by the parser"),
            };
            return Pairwise(left, right, operation);
        }

        public Column Visit(UnaryExpression expression)
        {
            var inner = expression.Expression.Accept(this);
            return expression.Type == UnaryExpressionType.Negate ? Map(inner, static v => -v) : inner;
        }

        public Column Visit(ValueExpression expression) =>
            Column.Of(grid, new Cell(Convert.ToDouble(expression.Value, CultureInfo.InvariantCulture), QualityFlags.None));

        public Column Visit(Function function)
        {
            var arguments = function.Parameters;
            switch (function.Identifier.Name.ToLowerInvariant())
            {
                case "v":
                    // References come in the order the parser met them, which is the order this visitor meets them.
                    return variable(formula.Variables[variableIndex++]);
                case "ind":
                    return indicator((string)((ValueExpression)arguments[0]).Value!);
                case "prev":
                    return Previous(arguments[0].Accept(this));
                case "abs":
                    return Map(arguments[0].Accept(this), Math.Abs);
                case "min":
                    return Pairwise(arguments[0].Accept(this), arguments[1].Accept(this), Math.Min);
                case "max":
                    return Pairwise(arguments[0].Accept(this), arguments[1].Accept(this), Math.Max);
                default:
                    throw new InvalidOperationException($"function {function.Identifier.Name} was not rejected by the parser");
            }
        }

        /// <summary>The value of year y is the inner value of the year before (a constant stays a constant).</summary>
        Column Previous(Column inner)
        {
            if (inner.Constant is not null) return inner;
            var shifted = new Column(grid);
            for (var start = 0; start < grid.Count; start += grid.Years)
            {
                for (var cell = start + 1; cell < start + grid.Years; cell++)
                {
                    if (inner.Present[cell - 1]) shifted.Set(cell, inner.At(cell - 1));
                }
            }
            return shifted;
        }

        /// <summary>Applies <paramref name="map"/> to every value; a constant stays a constant.</summary>
        Column Map(Column column, Func<double, double> map)
        {
            if (column.Constant is Cell constant) return Column.Of(grid, constant with { Value = constant.Value is double v ? map(v) : null });
            var result = column.Copy();
            for (var i = 0; i < result.Values.Length; i++) result.Values[i] = map(result.Values[i]);
            return result;
        }

        public Column Visit(TernaryExpression expression) => throw new InvalidOperationException("conditions were rejected by the parser");

        public Column Visit(Identifier expression) => throw new InvalidOperationException("identifiers were rejected by the parser");

        public Column Visit(LogicalExpressionList expression) => throw new InvalidOperationException("lists appear only as function arguments");
    }
}
