using Monitoring.Core.Goals;
using SkiaSharp;

namespace Monitoring.Publishing.Reports;

/// <summary>
/// Writes a report as A4 PDF with SkiaSharp's PDF backend, which ScottPlot already draws with: the charts stay vectors,
/// the fonts are embedded with their Unicode maps (the text can be searched and copied), and no further licence comes in.
/// The blocks are laid out first, then the title page, the table of contents with the page numbers now known, and the pages.
/// </summary>
public static class ReportPdf
{
    const float Margin = 56, Top = 62, Bottom = 64, Line = 1.32f;

    static readonly SKTypeface Regular = Typeface(SKFontStyle.Normal);
    static readonly SKTypeface Bold = Typeface(SKFontStyle.Bold);
    static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A), Grey = new(0x59, 0x59, 0x59), Rule = new(0xBF, 0xBF, 0xBF), HeaderFill = new(0xEE, 0xF1, 0xF4),
        NoticeFill = new(0xFD, 0xF3, 0xD8), Accent = new(0x00, 0x72, 0xB2);

    static SKTypeface Typeface(SKFontStyle style) =>
        SKTypeface.FromFamilyName("DejaVu Sans", style) ?? SKTypeface.FromFamilyName(null, style) ?? SKTypeface.Default;

    public static void Write(ReportLayout layout, Stream output)
    {
        var (width, height) = layout.Landscape ? (841.89f, 595.28f) : (595.28f, 841.89f);
        var pager = new Pager(width, height);
        TitleBlock? title = null;
        var contents = false;
        foreach (var block in layout.Blocks)
        {
            switch (block)
            {
                case TitleBlock t: title = t; break;
                case ContentsBlock: contents = true; break;
                default: pager.Place(block, layout); break;
            }
        }

        var contentsPages = contents ? (int)Math.Ceiling(pager.Headings.Count / (double)Pager.ContentsPerPage) : 0;
        var front = (title is null ? 0 : 1) + contentsPages;
        var total = front + pager.Pages.Count;

        var metadata = new SKDocumentPdfMetadata
        {
            Title = layout.Document.Title,
            Subject = layout.Footer,
            Creator = "Integrationsmonitoring",
            Producer = "Integrationsmonitoring (SkiaSharp)",
            Creation = layout.Document.PublishedAt ?? layout.Document.CreatedAt,
            Modified = layout.Document.PublishedAt ?? layout.Document.CreatedAt,
            RasterDpi = 300,
            EncodingQuality = 95,
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        if (title is not null)
        {
            var canvas = document.BeginPage(width, height);
            DrawTitle(canvas, title, width);
            document.EndPage();
        }
        for (var page = 0; page < contentsPages; page++)
        {
            var canvas = document.BeginPage(width, height);
            var y = Top;
            if (page == 0)
            {
                y += Text(canvas, "Inhalt", Margin, y, width - 2 * Margin, 18, Bold, Ink) + 14;
            }
            foreach (var heading in pager.Headings.Skip(page * Pager.ContentsPerPage).Take(Pager.ContentsPerPage))
            {
                var indent = heading.Level == 1 ? 0 : 18;
                var size = heading.Level == 1 ? 11f : 10f;
                using var font = new SKFont(heading.Level == 1 ? Bold : Regular, size);
                var number = (front + heading.Page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                using var paint = new SKPaint { Color = Ink, IsAntialias = true };
                canvas.DrawText(heading.Text, Margin + indent, y + size, font, paint);
                canvas.DrawText(number, width - Margin - font.MeasureText(number), y + size, font, paint);
                canvas.DrawLinkDestinationAnnotation(new SKRect(Margin, y, width - Margin, y + size * Line), heading.Anchor);
                y += size * Line + (heading.Level == 1 ? 6 : 2);
            }
            Footer(canvas, layout, width, height, 1 + (title is null ? 0 : 1) + page, total);
            document.EndPage();
        }
        for (var page = 0; page < pager.Pages.Count; page++)
        {
            var canvas = document.BeginPage(width, height);
            foreach (var draw in pager.Pages[page]) draw(canvas);
            Footer(canvas, layout, width, height, front + page + 1, total);
            document.EndPage();
        }
        document.Close();
    }

    static void DrawTitle(SKCanvas canvas, TitleBlock title, float width)
    {
        using var band = new SKPaint { Color = Accent };
        canvas.DrawRect(0, 0, width, 12, band);
        var y = 200f;
        y += Text(canvas, title.Subtitle, Margin, y, width - 2 * Margin, 13, Regular, Grey) + 10;
        y += Text(canvas, title.Title, Margin, y, width - 2 * Margin, 26, Bold, Ink) + 30;
        foreach (var (label, value) in title.Facts)
        {
            Text(canvas, label, Margin, y, 130, 11, Bold, Ink);
            y += Text(canvas, value, Margin + 140, y, width - 2 * Margin - 140, 11, Regular, Ink) + 6;
        }
        if (title.Notice is { } notice)
        {
            y += 24;
            Notice(canvas, notice, Margin, y, width - 2 * Margin);
        }
    }

    static float Notice(SKCanvas canvas, string text, float x, float y, float width)
    {
        var height = Measure(text, width - 16, 10, Bold) + 12;
        using var fill = new SKPaint { Color = NoticeFill };
        canvas.DrawRect(x, y, width, height, fill);
        Text(canvas, text, x + 8, y + 6, width - 16, 10, Bold, Ink);
        return height;
    }

    static void Footer(SKCanvas canvas, ReportLayout layout, float width, float height, int page, int total)
    {
        using var font = new SKFont(Regular, 8);
        using var paint = new SKPaint { Color = Grey, IsAntialias = true };
        using var rule = new SKPaint { Color = Rule, StrokeWidth = 0.5f };
        canvas.DrawLine(Margin, height - Bottom + 22, width - Margin, height - Bottom + 22, rule);
        var footer = Fit(layout.Footer, font, width - 2 * Margin - 90);
        canvas.DrawText(footer, Margin, height - Bottom + 36, font, paint);
        var number = $"Seite {page} von {total}";
        canvas.DrawText(number, width - Margin - font.MeasureText(number), height - Bottom + 36, font, paint);
        if (layout.Document.SampleData)
        {
            const string mark = "Beispieldaten";
            canvas.DrawText(mark, width - Margin - font.MeasureText(mark), Top - 24, font, paint);
        }
    }

    static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width) return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > width) text = text[..^1];
        return text + "…";
    }

    /// <summary>Draws wrapped text with its top at <paramref name="y"/>; returns the height used.</summary>
    static float Text(SKCanvas canvas, string text, float x, float y, float width, float size, SKTypeface face, SKColor colour, bool right = false)
    {
        using var font = new SKFont(face, size);
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        var lines = Wrap(text, font, width);
        for (var i = 0; i < lines.Count; i++)
        {
            var left = right ? x + width - font.MeasureText(lines[i]) : x;
            canvas.DrawText(lines[i], left, y + size + i * size * Line, font, paint);
        }
        return lines.Count * size * Line;
    }

    static float Measure(string text, float width, float size, SKTypeface face)
    {
        using var font = new SKFont(face, size);
        return Wrap(text, font, width).Count * size * Line;
    }

    static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                // A word wider than the column (a long file name, a compound noun) is broken where it must be, with a hyphen.
                while (font.MeasureText(line) > width && line.Length > 1)
                {
                    var fits = line.Length - 1;
                    while (fits > 1 && font.MeasureText(line[..fits] + "-") > width) fits--;
                    lines.Add(line[..fits] + "-");
                    line = line[fits..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    sealed record Heading(int Level, string Text, string Anchor, int Page);

    /// <summary>Lays blocks onto pages as deferred drawing steps, so the page count is known before anything is drawn.</summary>
    sealed class Pager(float width, float height)
    {
        // Entries are 15 to 21 pt high: 36 fit an A4 page below the heading with room to spare.
        public const int ContentsPerPage = 36;

        public List<List<Action<SKCanvas>>> Pages { get; } = [[]];
        public List<Heading> Headings { get; } = [];

        float y = Top;
        float Content => width - 2 * Margin;
        float Limit => height - Bottom;
        List<Action<SKCanvas>> Page => Pages[^1];

        void NewPage()
        {
            Pages.Add([]);
            y = Top;
        }

        void Ensure(float needed)
        {
            if (y + needed > Limit && y > Top) NewPage();
        }

        public void Place(Block block, ReportLayout layout)
        {
            switch (block)
            {
                case PageBreakBlock:
                    if (y > Top) NewPage();
                    break;
                case HeadingBlock heading:
                {
                    var size = heading.Level switch { 1 => 16f, 2 => 12.5f, _ => 11f };
                    var textHeight = Measure(heading.Text, Content, size, Bold);
                    // A heading never ends a page: it keeps at least a chart's worth (or a few lines) below it.
                    Ensure(textHeight + (heading.Level == 1 ? 120 : 200));
                    if (y > Top) y += heading.Level == 1 ? 14 : 10;
                    var top = y;
                    Page.Add(canvas =>
                    {
                        Text(canvas, heading.Text, Margin, top, Content, size, Bold, heading.Level == 1 ? Accent : Ink);
                        canvas.DrawNamedDestinationAnnotation(new SKPoint(Margin, top), heading.Anchor);
                    });
                    Headings.Add(new Heading(heading.Level, heading.Text, heading.Anchor, Pages.Count - 1));
                    y += textHeight + 6;
                    break;
                }
                case TextBlock text:
                {
                    var (size, face, colour) = text.Kind switch
                    {
                        TextKind.Small => (8.5f, Regular, Grey),
                        TextKind.Strong => (10f, Bold, Ink),
                        _ => (10f, Regular, Ink),
                    };
                    if (text.Kind == TextKind.Notice)
                    {
                        var noticeHeight = Measure(text.Text, Content - 16, 10, Bold) + 12;
                        Ensure(noticeHeight);
                        var at = y;
                        Page.Add(canvas => Notice(canvas, text.Text, Margin, at, Content));
                        y += noticeHeight + 8;
                        break;
                    }
                    using var font = new SKFont(face, size);
                    // Long paragraphs flow over pages line by line.
                    foreach (var line in Wrap(text.Text, font, Content))
                    {
                        Ensure(size * Line);
                        var top = y;
                        Page.Add(canvas => Text(canvas, line, Margin, top, Content, size, face, colour));
                        y += size * Line;
                    }
                    y += text.Kind == TextKind.Strong ? 2 : 6;
                    break;
                }
                case ChartBlock chart:
                {
                    var chartHeight = Content * Exports.TrendChart.Height / Exports.TrendChart.Width;
                    Ensure(chartHeight);
                    var top = y;
                    var plot = ReportCharts.Build(layout.Document, chart.Section);
                    Page.Add(canvas =>
                    {
                        canvas.Save();
                        canvas.Translate(Margin, top);
                        canvas.Scale(Content / Exports.TrendChart.Width);
                        plot.Render(canvas, Exports.TrendChart.Width, Exports.TrendChart.Height);
                        canvas.Restore();
                    });
                    y += chartHeight + 8;
                    break;
                }
                case TableBlock table:
                    PlaceTable(table);
                    break;
            }
        }

        void PlaceTable(TableBlock table)
        {
            const float size = 8.5f, pad = 3;
            var total = table.Columns.Sum(c => c.Width);
            var widths = table.Columns.Select(c => (float)(c.Width / total) * Content).ToArray();
            using var font = new SKFont(Regular, size);
            using var boldFont = new SKFont(Bold, size);

            float RowHeight(IReadOnlyList<TableCell> cells, SKFont f) =>
                cells.Select((c, i) => Wrap(c.Text, f, widths[i] - 2 * pad - (c.Status is null ? 0 : 10)).Count).Max() * size * Line + 2 * pad;

            var headerCells = table.Columns.Select(c => new TableCell(c.Header)).ToList();
            var headerHeight = RowHeight(headerCells, boldFont);

            void Row(IReadOnlyList<TableCell> cells, bool header, float rowHeight)
            {
                var top = y;
                Page.Add(canvas =>
                {
                    if (header)
                    {
                        using var fill = new SKPaint { Color = HeaderFill };
                        canvas.DrawRect(Margin, top, Content, rowHeight, fill);
                    }
                    using var rule = new SKPaint { Color = Rule, StrokeWidth = 0.5f };
                    canvas.DrawLine(Margin, top + rowHeight, Margin + Content, top + rowHeight, rule);
                    var x = Margin;
                    for (var i = 0; i < cells.Count; i++)
                    {
                        var cell = cells[i];
                        var inner = widths[i] - 2 * pad;
                        var left = x + pad;
                        if (cell.Status is { } status)
                        {
                            using var marker = new SKPaint { Color = SKColor.Parse(status.Colour()) };
                            canvas.DrawRect(left, top + pad + 1.5f, 7, 7, marker);
                            left += 10;
                            inner -= 10;
                        }
                        Text(canvas, cell.Text, left, top + pad, inner, size, header ? Bold : Regular, Ink, right: table.Columns[i].Numeric && !header);
                        x += widths[i];
                    }
                });
                y += rowHeight;
            }

            Ensure(headerHeight + size * Line * 2 + 2 * pad);
            Row(headerCells, true, headerHeight);
            foreach (var cells in table.Rows)
            {
                var rowHeight = RowHeight(cells, font);
                if (y + rowHeight > Limit)
                {
                    NewPage();
                    Row(headerCells, true, headerHeight); // the header again on every page of a long table
                }
                Row(cells, false, rowHeight);
            }
            y += 10;
        }
    }
}
