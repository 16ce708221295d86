using System.Text;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Tabular;

namespace Monitoring.Tests.Ingestion.Tabular;

/// <summary>What the workspace shows of a file before its mapping: bounded in rows, columns and cell length, and refused as the import would refuse it.</summary>
public sealed class TabularPreviewTests
{
    [Fact]
    public void The_preview_shows_at_most_20_rows_of_30_columns_each_cell_cut_and_says_what_it_left_out()
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', Enumerable.Range(1, 40).Select(c => $"Spalte {c}")));
        for (var row = 1; row <= 50; row++)
        {
            csv.AppendLine(string.Join(';', Enumerable.Range(1, 40).Select(c => row == 1 && c == 2 ? new string('y', 500) : $"{row}/{c}")));
        }

        var preview = TabularPreview.Read(new StringReader(csv.ToString()), "breit.csv");

        Assert.Equal(TabularPreview.MaxColumns, preview.Header.Count);
        Assert.Equal("Spalte 30", preview.Header[^1]);
        Assert.Equal((40, true), (preview.ColumnCount, preview.MoreColumns));
        Assert.Equal((TabularPreview.MaxRows, true), (preview.Rows.Count, preview.MoreRows));
        Assert.All(preview.Rows, r => Assert.Equal(TabularPreview.MaxColumns, r.Count));
        Assert.Equal("20/30", preview.Rows[^1][^1]);
        Assert.Equal(new string('y', TabularPreview.MaxCellLength - 1) + "…", preview.Rows[0][1]);
    }

    [Fact]
    public void A_small_file_is_shown_whole()
    {
        var preview = TabularPreview.Read(new StringReader("Gemeinde;Jahr;Personen\n05754008;2023;1.234\n\n05754044;2023;415\n"), "klein.csv");

        Assert.Equal(["Gemeinde", "Jahr", "Personen"], preview.Header);
        Assert.Equal(2, preview.Rows.Count);
        Assert.Equal(["05754044", "2023", "415"], preview.Rows[1]);
        Assert.False(preview.MoreRows || preview.MoreColumns);
    }

    [Fact]
    public void A_row_after_the_shown_ones_that_the_import_would_refuse_refuses_the_preview()
    {
        var csv = "AGS;Jahr;Personen\n" + string.Concat(Enumerable.Repeat("05754008;2023;1\n", 25)) + new string(';', CheckedTextReader.MaxColumns) + "\n";

        var error = Assert.Throws<SourceFormatException>(() => TabularPreview.Read(new StringReader(csv), "lang.csv"));

        Assert.Equal((27L, CheckedTextReader.MaxColumns + 1), (error.Line, error.Column));
        Assert.StartsWith("lang.csv, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var error = Assert.Throws<SourceFormatException>(() => TabularPreview.Read(new StringReader(""), "leer.csv"));

        Assert.Contains("die Datei ist leer", error.Message, StringComparison.Ordinal);
    }
}
