using System.Globalization;
using System.Text;
using Monitoring.Core.Observations;

namespace Monitoring.Ingestion.Tabular;

/// <summary>What one column of the file is in the mapping form.</summary>
public enum ColumnRole
{
    /// <summary>Not imported.</summary>
    None,

    /// <summary>Figures of a variable of its own (code, German label, unit).</summary>
    Value,

    /// <summary>The values of a dimension ("Staatsangehörigkeit": "Syrien", "Türkei").</summary>
    Dimension,
}

/// <summary>One column's row in the mapping form.</summary>
public sealed class ColumnForm
{
    public string Column { get; set; } = "";
    public ColumnRole Role { get; set; }
    public string? Code { get; set; }
    public string? Label { get; set; }
    public string? Unit { get; set; }
}

/// <summary>An area name the analyst confirmed: as written in the file, and the key chosen ("-" for none of ours; null while open).</summary>
public sealed class NameForm
{
    public string InFile { get; set; } = "";
    public string? Key { get; set; }
}

/// <summary>
/// The column mapping as the dashboard's wizard and source page edit it, and the one place its rules live: which columns
/// exist, that there is an area and a period column, at least one value column, codes a variable may have. Turns into
/// the stored <see cref="TabularMapping"/> and back; suggests a first mapping from a preview (columns named like
/// "Gemeinde", "Jahr", columns of figures as values).
/// </summary>
public sealed class MappingForm
{
    public string? AreaColumn { get; set; }
    public AreaIdentifier AreaBy { get; set; } = AreaIdentifier.Key;
    public string? PeriodColumn { get; set; }
    public List<ColumnForm> Columns { get; set; } = [];
    public NumberFormat NumberFormat { get; set; } = NumberFormat.German;
    public int HeaderRow { get; set; } = 1;
    public string? Sheet { get; set; }

    /// <summary>The reject threshold in percent of the rows read (0 to 100).</summary>
    public double RejectPercent { get; set; }

    public List<NameForm> Names { get; set; } = [];

    /// <summary>
    /// The stored mapping, or the problems in German when the form is incomplete for <paramref name="header"/>. The names
    /// a source confirmed before (<paramref name="remembered"/>) stay unless the form chooses anew for them.
    /// </summary>
    public (TabularMapping? Mapping, IReadOnlyList<string> Problems) ToMapping(IReadOnlyList<string> header, string? sourceNote, IReadOnlyDictionary<string, string>? remembered = null)
    {
        var problems = new List<string>();
        if (AreaColumn is null || !header.Contains(AreaColumn)) problems.Add("Bitte die Gebietsspalte wählen.");
        if (PeriodColumn is null || !header.Contains(PeriodColumn)) problems.Add("Bitte die Zeitspalte wählen (Jahr oder Stichtag).");
        if (AreaColumn is not null && AreaColumn == PeriodColumn) problems.Add("Gebietsspalte und Zeitspalte müssen verschiedene Spalten sein.");
        var used = Columns.Where(c => c.Role != ColumnRole.None && header.Contains(c.Column) && c.Column != AreaColumn && c.Column != PeriodColumn).ToList();
        var values = used.Where(c => c.Role == ColumnRole.Value).ToList();
        if (values.Count == 0) problems.Add("Bitte mindestens eine Spalte als Wertspalte wählen.");
        foreach (var column in used)
        {
            var code = column.Code?.Trim().ToUpperInvariant() ?? "";
            if (code.Length == 0) problems.Add($"Spalte „{column.Column}“: bitte einen Code angeben.");
        }
        foreach (var duplicate in values.GroupBy(c => c.Code?.Trim().ToUpperInvariant()).Where(g => g.Key is { Length: > 0 } && g.Count() > 1))
        {
            problems.Add($"Der Variablencode „{duplicate.Key}“ steht bei mehreren Wertspalten ({string.Join(", ", duplicate.Select(c => c.Column))}); jede Wertspalte ist eine Variable mit eigenem Code.");
        }
        if (RejectPercent is < 0 or > 100 || double.IsNaN(RejectPercent)) problems.Add("Der Schwellenwert für abgewiesene Zeilen liegt zwischen 0 und 100 %.");
        if (HeaderRow < 1) problems.Add("Die Kopfzeile ist Zeile 1 oder eine spätere.");
        if (problems.Count > 0) return (null, problems);
        return (new TabularMapping
        {
            AreaColumn = AreaColumn!,
            AreaBy = AreaBy,
            PeriodColumn = PeriodColumn!,
            Values = values.Select(c => new ValueColumn(c.Column, c.Code!.Trim().ToUpperInvariant(), string.IsNullOrWhiteSpace(c.Label) ? c.Column : c.Label.Trim(), string.IsNullOrWhiteSpace(c.Unit) ? null : c.Unit.Trim())).ToList(),
            Dimensions = used.Where(c => c.Role == ColumnRole.Dimension)
                .Select(c => new DimensionColumn(c.Column, c.Code!.Trim().ToUpperInvariant(), string.IsNullOrWhiteSpace(c.Label) ? c.Column : c.Label.Trim())).ToList(),
            NumberFormat = NumberFormat,
            HeaderRow = HeaderRow,
            Sheet = string.IsNullOrWhiteSpace(Sheet) ? null : Sheet,
            AreaNames = (remembered ?? new Dictionary<string, string>()).Select(n => (InFile: n.Key, Key: n.Value))
                .Concat(Names.Where(n => n.InFile.Trim().Length > 0 && !string.IsNullOrWhiteSpace(n.Key)).Select(n => (InFile: n.InFile.Trim(), Key: n.Key!.Trim() is "-" ? "" : n.Key.Trim())))
                .GroupBy(n => n.InFile, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Last().Key, StringComparer.OrdinalIgnoreCase),
            SourceNote = sourceNote,
        }, []);
    }

    /// <summary>The form of a stored mapping, with a row for each column of <paramref name="header"/> (the next file's).</summary>
    public static MappingForm From(TabularMapping mapping, IReadOnlyList<string> header, double rejectThreshold) => new()
    {
        AreaColumn = mapping.AreaColumn,
        AreaBy = mapping.AreaBy,
        PeriodColumn = mapping.PeriodColumn,
        NumberFormat = mapping.NumberFormat,
        HeaderRow = mapping.HeaderRow,
        Sheet = mapping.Sheet,
        RejectPercent = Math.Round(rejectThreshold * 100, 2),
        Names = mapping.AreaNames.Select(n => new NameForm { InFile = n.Key, Key = n.Value }).ToList(),
        Columns = header.Select(column =>
            mapping.Values.FirstOrDefault(v => v.Column == column) is { } value ? new ColumnForm { Column = column, Role = ColumnRole.Value, Code = value.Variable, Label = value.Label, Unit = value.Unit }
            : mapping.Dimensions.FirstOrDefault(d => d.Column == column) is { } dimension ? new ColumnForm { Column = column, Role = ColumnRole.Dimension, Code = dimension.Dimension, Label = dimension.DimensionLabel }
            : new ColumnForm { Column = column }).ToList(),
    };

    /// <summary>A first mapping for a preview: area and period columns by their names, columns of figures as values, other text columns as dimensions.</summary>
    public static MappingForm Suggest(TabularPreview preview)
    {
        var header = preview.Header;
        string? Named(params string[] words) => header.FirstOrDefault(h => words.Any(w => h.Contains(w, StringComparison.OrdinalIgnoreCase)));
        var area = Named("schlüssel", "ags", "gemeindekennziffer", "gkz") ?? Named("gemeinde", "kommune", "gebiet", "stadt", "kreis", "sozialraum", "region");
        var period = Named("jahr", "stichtag", "datum", "zeit", "periode");
        var byKey = area is not null && preview.Rows.Select(r => header.ToList().IndexOf(area) is var i and >= 0 && i < r.Count ? r[i].Trim() : "")
            .Where(c => c.Length > 0).DefaultIfEmpty("x").All(c => c.All(char.IsAsciiDigit));
        var form = new MappingForm
        {
            AreaColumn = area,
            AreaBy = byKey ? AreaIdentifier.Key : AreaIdentifier.Name,
            PeriodColumn = period,
            NumberFormat = preview.NumberFormat,
            HeaderRow = preview.HeaderRow,
            Sheet = preview.Sheet,
            RejectPercent = 0,
        };
        for (var i = 0; i < header.Count; i++)
        {
            var column = header[i];
            var role = ColumnRole.None;
            if (column != area && column != period)
            {
                var cells = preview.Rows.Select(r => i < r.Count ? r[i].Trim() : "").Where(c => c.Length > 0).ToList();
                role = cells.Count == 0 ? ColumnRole.None : cells.All(LooksLikeFigure) ? ColumnRole.Value : ColumnRole.Dimension;
            }
            form.Columns.Add(new ColumnForm
            {
                Column = column,
                Role = role,
                Code = role == ColumnRole.None ? null : (role == ColumnRole.Value ? "EIG_" : "") + Slug(column),
                Label = column,
                Unit = role == ColumnRole.Value ? "Anzahl" : null,
            });
        }
        return form;
    }

    /// <summary>A figure or one of the official symbols ("2.134", "(312)", "-", ".", "x").</summary>
    static bool LooksLikeFigure(string cell) =>
        cell is "-" or "." or "x" or "/" or "…" or "..." || cell.Trim('(', ')', ' ').Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).TrimStart('-', '+') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit);

    /// <summary>"Personen mit Duldung" → PERSONEN_MIT_DULDUNG: a code from a column name, umlauts transliterated, at most 30 characters.</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToUpper(CultureInfo.GetCultureInfo("de-DE")))
        {
            switch (c)
            {
                case 'Ä': slug.Append("AE"); break;
                case 'Ö': slug.Append("OE"); break;
                case 'Ü': slug.Append("UE"); break;
                case 'ß' or 'ẞ': slug.Append("SS"); break;
                case var letter when char.IsAsciiLetterOrDigit(letter): slug.Append(letter); break;
                default: if (slug.Length > 0 && slug[^1] != '_') slug.Append('_'); break;
            }
        }
        var code = slug.ToString().Trim('_');
        if (code.Length == 0 || !char.IsAsciiLetter(code[0])) code = "SP_" + code;
        return code.Length <= 30 ? code : code[..30].TrimEnd('_');
    }
}
