using System.Globalization;
using NCalc;
using NCalc.Exceptions;
using NCalc.Factories;
using NCalc.Visitors;

namespace Monitoring.Core.Indicators;

/// <summary>A reference to a variable in a formula: <c>v('BEVSTD', 'NAT=NATA', 'ALTX20=ALT000B15|ALT015B18')</c>.</summary>
public sealed record VariableReference(string Code, IReadOnlyDictionary<string, IReadOnlyList<string>> Filters, bool Previous);

/// <summary>A problem in a formula, with the 1-based column it starts at (0 when the parser gave none).</summary>
public sealed record FormulaError(int Column, string Message)
{
    public override string ToString() => Column > 0 ? $"Spalte {Column}: {Message}" : Message;
}

/// <summary>
/// An indicator formula, parsed once (NCalc) and checked against the known variables, dimensions and indicators.
/// Functions: <c>v(code, 'DIM=VALUE|VALUE', …)</c> a variable summed over every dimension not fixed by a filter;
/// <c>prev(expr)</c> the expression in the previous period; <c>ind(code)</c> another indicator's value;
/// <c>abs</c>, <c>min</c>, <c>max</c>; numbers and + - * /.
/// </summary>
public sealed class Formula
{
    static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase) { "v", "prev", "ind", "abs", "min", "max" };

    Formula(string text, LogicalExpression tree, IReadOnlyList<VariableReference> variables, IReadOnlyList<string> indicators)
    {
        Text = text;
        Tree = tree;
        Variables = variables;
        Indicators = indicators;
    }

    public string Text { get; }

    public LogicalExpression Tree { get; }

    public IReadOnlyList<VariableReference> Variables { get; }

    public IReadOnlyList<string> Indicators { get; }

    // Parse results never change, so each text is parsed once per process however often the catalog is walked.
    const int CacheLimit = 10_000;
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Formula?, IReadOnlyList<FormulaError>)> Parsed = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="text"/>; syntax errors and misused functions come back as errors with their column.</summary>
    public static (Formula? Formula, IReadOnlyList<FormulaError> Errors) Parse(string text)
    {
        if (Parsed.TryGetValue(text ?? "", out var known)) return known;
        var result = ParseUncached(text ?? "");
        if (Parsed.Count < CacheLimit) Parsed.TryAdd(text ?? "", result);
        return result;
    }

    static (Formula? Formula, IReadOnlyList<FormulaError> Errors) ParseUncached(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, [new FormulaError(1, "die Formel ist leer")]);
        LogicalExpression tree;
        try
        {
            tree = LogicalExpressionFactory.Create(text, new LogicalExpressionParserOptions(), CultureInfo.InvariantCulture, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NCalcParserException or InvalidOperationException or FormatException)
        {
            return (null, [new FormulaError(ColumnOf(ex.Message), $"Syntaxfehler: {SyntaxProblem(ex.Message)}")]);
        }

        var collector = new Collector(text);
        tree.Accept(collector);
        return collector.Errors.Count > 0 ? (null, collector.Errors) : (new Formula(text, tree, collector.Variables, collector.Indicators), []);
    }

    /// <summary>Checks the references against what exists: variable codes, dimension codes and values, indicator codes.</summary>
    public IReadOnlyList<FormulaError> Validate(IReadOnlySet<string> variables, IReadOnlyDictionary<string, IReadOnlySet<string>> dimensions, IReadOnlySet<string> indicators)
    {
        var errors = new List<FormulaError>();
        foreach (var variable in Variables)
        {
            if (!variables.Contains(variable.Code)) errors.Add(new FormulaError(Find(variable.Code), $"unbekannte Variable „{variable.Code}“"));
            foreach (var (dimension, values) in variable.Filters)
            {
                if (!dimensions.TryGetValue(dimension, out var known))
                {
                    errors.Add(new FormulaError(Find(dimension + "="), $"unbekanntes Merkmal „{dimension}“"));
                    continue;
                }
                foreach (var value in values.Where(v => !known.Contains(v)))
                {
                    errors.Add(new FormulaError(Find(value), $"„{value}“ ist kein Wert des Merkmals „{dimension}“"));
                }
            }
        }
        foreach (var indicator in Indicators.Where(i => !indicators.Contains(i)))
        {
            errors.Add(new FormulaError(Find(indicator), $"unbekannter Indikator „{indicator}“"));
        }
        return errors;
    }

    int Find(string fragment) => Text.IndexOf(fragment, StringComparison.Ordinal) + 1;

    static int ColumnOf(string message)
    {
        // NCalc writes "… at position (line:column)".
        var start = message.LastIndexOf("(1:", StringComparison.Ordinal);
        if (start < 0) return 0;
        var end = message.IndexOf(')', start);
        return end > start && int.TryParse(message.AsSpan(start + 3, end - start - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var column) ? column : 0;
    }

    static string StripPosition(string message)
    {
        var at = message.IndexOf(" at position", StringComparison.Ordinal);
        return (at >= 0 ? message[..at] : message).TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>NCalc's own parser messages (it has only these), in German.</summary>
    static readonly (string English, string German)[] ParserProblems =
    [
        ("parenthesis not closed", "Klammer nicht geschlossen"),
        ("brace not closed", "geschweifte Klammer nicht geschlossen"),
        ("invalid token in expression", "unerwartetes Zeichen im Ausdruck"),
    ];

    /// <summary>The parser's problem in German where it is one of NCalc's own messages; any other as the parser gives it.</summary>
    static string SyntaxProblem(string message)
    {
        var problem = StripPosition(message);
        foreach (var (english, german) in ParserProblems)
        {
            if (problem.StartsWith(english, StringComparison.Ordinal)) return german + problem[english.Length..];
        }
        return problem;
    }

    /// <summary>Walks the tree once: collects references and reports misuse (unknown functions, wrong arguments, free identifiers).</summary>
    sealed class Collector(string text) : ILogicalExpressionVisitor<bool>
    {
        int previousDepth;

        public List<FormulaError> Errors { get; } = [];

        public List<VariableReference> Variables { get; } = [];

        public List<string> Indicators { get; } = [];

        int Find(string fragment) => text.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) + 1;

        public bool Visit(TernaryExpression expression)
        {
            Errors.Add(new FormulaError(Find("?"), "Bedingungen (?:) sind in Indikatorformeln nicht möglich"));
            return false;
        }

        public bool Visit(BinaryExpression expression)
        {
            if (expression.Type is not (BinaryExpressionType.Plus or BinaryExpressionType.Minus or BinaryExpressionType.Times or BinaryExpressionType.Div))
            {
                Errors.Add(new FormulaError(0, $"der Operator {expression.Type} ist nicht möglich: erlaubt sind + - * /"));
            }
            expression.LeftExpression.Accept(this);
            expression.RightExpression.Accept(this);
            return true;
        }

        public bool Visit(UnaryExpression expression)
        {
            expression.Expression.Accept(this);
            return true;
        }

        public bool Visit(ValueExpression expression)
        {
            if (expression.Value is string literal)
            {
                Errors.Add(new FormulaError(Find($"'{literal}'"), $"der Text „{literal}“ steht außerhalb einer Funktion: Variablen werden v('{literal}') geschrieben"));
            }
            return true;
        }

        public bool Visit(Identifier expression)
        {
            Errors.Add(new FormulaError(Find(expression.Name), $"„{expression.Name}“ ist unbekannt: Variablen werden v('CODE') geschrieben, Indikatoren ind('CODE')"));
            return false;
        }

        public bool Visit(LogicalExpressionList expression)
        {
            foreach (var item in expression) item.Accept(this);
            return true;
        }

        public bool Visit(Function function)
        {
            var name = function.Identifier.Name;
            var arguments = function.Parameters;
            var column = Find(name + "(");
            if (!Known.Contains(name))
            {
                Errors.Add(new FormulaError(column, $"unbekannte Funktion „{name}“ (bekannt: v, prev, ind, abs, min, max)"));
                return false;
            }
            switch (name.ToLowerInvariant())
            {
                case "v":
                    var texts = arguments.Select(a => (a as ValueExpression)?.Value as string).ToList();
                    if (texts.Count == 0 || texts.Any(t => t is null))
                    {
                        Errors.Add(new FormulaError(column, "v() erwartet einen Variablencode und Filter, alle in Anführungszeichen: v('BEVSTD', 'NAT=NATA')"));
                        return false;
                    }
                    var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                    foreach (var filter in texts.Skip(1))
                    {
                        var parts = filter!.Split('=', 2);
                        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                        {
                            Errors.Add(new FormulaError(Find(filter), $"der Filter „{filter}“ muss MERKMAL=WERT oder MERKMAL=WERT|WERT lauten"));
                            continue;
                        }
                        if (!filters.TryAdd(parts[0], parts[1].Split('|')))
                        {
                            Errors.Add(new FormulaError(Find(filter), $"das Merkmal „{parts[0]}“ ist in einem v() zweimal gefiltert"));
                        }
                    }
                    Variables.Add(new VariableReference(texts[0]!, filters, previousDepth > 0));
                    return true;
                case "ind":
                    if (arguments.Count != 1 || (arguments[0] as ValueExpression)?.Value is not string indicator)
                    {
                        Errors.Add(new FormulaError(column, "ind() erwartet einen Indikatorcode in Anführungszeichen: ind('BESCH_Q_DT')"));
                        return false;
                    }
                    Indicators.Add(indicator);
                    return true;
                case "prev":
                    if (arguments.Count != 1)
                    {
                        Errors.Add(new FormulaError(column, "prev() erwartet einen Ausdruck: prev(v('BEVSTD'))"));
                        return false;
                    }
                    previousDepth++;
                    arguments[0].Accept(this);
                    previousDepth--;
                    return true;
                default:
                    if (name.Equals("abs", StringComparison.OrdinalIgnoreCase) ? arguments.Count != 1 : arguments.Count != 2)
                    {
                        Errors.Add(new FormulaError(column, $"{name}() erwartet {(name.Equals("abs", StringComparison.OrdinalIgnoreCase) ? "ein Argument" : "zwei Argumente")}"));
                        return false;
                    }
                    foreach (var argument in arguments) argument.Accept(this);
                    return true;
            }
        }
    }
}
