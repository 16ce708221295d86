using System.Globalization;
using Monitoring.Core.Observations;
using NCalc;
using NCalc.Visitors;

namespace Monitoring.Core.Indicators;

/// <summary>One computed figure: a value (null where none can be given), the quality flags it inherits and the import runs it came from.</summary>
public readonly record struct Cell(double? Value, QualityFlags Flags, Lineage? Sources = null)
{
    /// <summary>Flags a result inherits from its inputs (exactly zero is a value, not a quality).</summary>
    public const QualityFlags Inherited = ~QualityFlags.ExactlyZero;
}

/// <summary>The values of one expression for every area and year at once (indicators are annual).</summary>
public class Column : Dictionary<(int Area, int Year), Cell>
{
    public Column()
    {
    }

    public Column(IEnumerable<KeyValuePair<(int Area, int Year), Cell>> cells) : base(cells)
    {
    }
}

/// <summary>
/// Evaluates a parsed <see cref="Formula"/> over whole columns: each node of the tree is computed once for all areas and
/// periods, never re-parsed or re-walked per value. A result exists where all inputs exist; it has no value where an
/// input has none (secret, later, unreliable, not meaningful) or a division by zero occurs, and it carries the
/// inputs' flags (provisional, estimated, limited reliability, revised, series break).
/// </summary>
public static class Evaluator
{
    /// <param name="formula">The parsed formula.</param>
    /// <param name="variable">Supplies a variable reference's column (its filters applied, summed over the other dimensions).</param>
    /// <param name="indicator">Supplies another indicator's computed column.</param>
    public static Column Evaluate(Formula formula, Func<VariableReference, Column> variable, Func<string, Column> indicator) =>
        formula.Tree.Accept(new ColumnVisitor(formula, variable, indicator));

    /// <summary>Combines two cells: the operation where both have values, otherwise no value, with the union of their flags.</summary>
    public static Cell Combine(Cell left, Cell right, Func<double, double, double?> operation, QualityFlags whenUndefined = QualityFlags.NotMeaningful)
    {
        var flags = (left.Flags | right.Flags) & Cell.Inherited;
        var sources = Lineage.Union(left.Sources, right.Sources);
        if (left.Value is not double a || right.Value is not double b) return new Cell(null, flags, sources);
        return operation(a, b) is double result && double.IsFinite(result) ? new Cell(result, flags, sources) : new Cell(null, flags | whenUndefined, sources);
    }

    sealed class ColumnVisitor(Formula formula, Func<VariableReference, Column> variable, Func<string, Column> indicator) : ILogicalExpressionVisitor<Column>
    {
        int variableIndex;

        public Column Visit(BinaryExpression expression)
        {
            var left = expression.LeftExpression.Accept(this);
            var right = expression.RightExpression.Accept(this);
            Func<double, double, double?> operation = expression.Type switch
            {
                BinaryExpressionType.Plus => (a, b) => a + b,
                BinaryExpressionType.Minus => (a, b) => a - b,
                BinaryExpressionType.Times => (a, b) => a * b,
                BinaryExpressionType.Div => (a, b) => b == 0 ? null : a / b,
                _ => throw new InvalidOperationException($"operator {expression.Type} was not rejected by the parser"),
            };
            return Pairwise(left, right, operation);
        }

        public Column Visit(UnaryExpression expression)
        {
            var inner = expression.Expression.Accept(this);
            return expression.Type == UnaryExpressionType.Negate ? Map(inner, c => c with { Value = -c.Value }) : inner;
        }

        public Column Visit(ValueExpression expression) => Constant(Convert.ToDouble(expression.Value, CultureInfo.InvariantCulture));

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
                    var inner = arguments[0].Accept(this);
                    var shifted = new Column();
                    // The value of year y is the inner value of the year before.
                    foreach (var ((area, year), cell) in inner) shifted[(area, year + 1)] = cell;
                    return shifted;
                case "abs":
                    return Map(arguments[0].Accept(this), c => c with { Value = c.Value is double v ? Math.Abs(v) : null });
                case "min":
                    return Pairwise(arguments[0].Accept(this), arguments[1].Accept(this), (a, b) => Math.Min(a, b));
                case "max":
                    return Pairwise(arguments[0].Accept(this), arguments[1].Accept(this), (a, b) => Math.Max(a, b));
                default:
                    throw new InvalidOperationException($"function {function.Identifier.Name} was not rejected by the parser");
            }
        }


        /// <summary>Applies <paramref name="map"/> to every cell; a constant stays a constant.</summary>
        static Column Map(Column column, Func<Cell, Cell> map) =>
            column is ConstantColumn constant ? new ConstantColumn(map(constant.Cell)) : new Column(column.Select(c => KeyValuePair.Create(c.Key, map(c.Value))));

        /// <summary>Constants apply everywhere; a column with a constant keeps the other column's keys.</summary>
        static Column Pairwise(Column left, Column right, Func<double, double, double?> operation)
        {
            var result = new Column();
            if (left is ConstantColumn l && right is ConstantColumn r)
            {
                return new ConstantColumn(Combine(l.Cell, r.Cell, operation));
            }
            if (left is ConstantColumn constantLeft)
            {
                foreach (var (key, cell) in right) result[key] = Combine(constantLeft.Cell, cell, operation);
                return result;
            }
            if (right is ConstantColumn constantRight)
            {
                foreach (var (key, cell) in left) result[key] = Combine(cell, constantRight.Cell, operation);
                return result;
            }
            foreach (var (key, cell) in left)
            {
                if (right.TryGetValue(key, out var other)) result[key] = Combine(cell, other, operation);
            }
            return result;
        }

        static Column Constant(double value) => new ConstantColumn(new Cell(value, QualityFlags.None));

        public Column Visit(TernaryExpression expression) => throw new InvalidOperationException("conditions were rejected by the parser");

        public Column Visit(Identifier expression) => throw new InvalidOperationException("identifiers were rejected by the parser");

        public Column Visit(LogicalExpressionList expression) => throw new InvalidOperationException("lists appear only as function arguments");
    }

    /// <summary>A number in a formula: the same cell for every area and period.</summary>
    sealed class ConstantColumn(Cell cell) : Column
    {
        public Cell Cell { get; } = cell;
    }
}
