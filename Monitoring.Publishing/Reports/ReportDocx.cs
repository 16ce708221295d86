using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Monitoring.Core.Goals;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Monitoring.Publishing.Reports;

/// <summary>
/// Writes a report as an editable Word document (DocumentFormat.OpenXml): headings as Word's heading styles (so the
/// navigation pane and the table of contents work), charts as images, tables as real tables with a repeating header
/// row, A4, German as the proofing language, page numbers in the footer. Ready to paste into a Sitzungsvorlage.
/// </summary>
public static class ReportDocx
{
    const int Margin = 1134; // 2 cm in twips
    const long EmuPerTwip = 635;

    public static void Write(ReportLayout layout, Stream output)
    {
        using var package = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        package.PackageProperties.Title = Clean(layout.Document.Title);
        package.PackageProperties.Subject = Clean(layout.Footer);
        package.PackageProperties.Creator = "Integrationsmonitoring";
        package.PackageProperties.Created = layout.Document.PublishedAt ?? layout.Document.CreatedAt;
        var main = package.AddMainDocumentPart();
        main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
        // Word fills in the table of contents' page numbers when the document is opened.
        main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new UpdateFieldsOnOpen { Val = true });

        var (pageWidth, pageHeight) = layout.Landscape ? (16838, 11906) : (11906, 16838);
        var content = pageWidth - 2 * Margin;
        var body = new Body();
        var headings = layout.Blocks.OfType<HeadingBlock>().ToList();
        uint images = 0, bookmarks = 0;
        foreach (var block in layout.Blocks)
        {
            switch (block)
            {
                case TitleBlock title:
                    body.Append(Styled("Subtitle", title.Subtitle));
                    body.Append(Styled("Title", title.Title));
                    foreach (var (label, value) in title.Facts)
                    {
                        body.Append(new Paragraph(new Run(new RunProperties(new Bold()), new Text(Clean(label) + ": ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text(Clean(value)))));
                    }
                    if (title.Notice is { } notice) body.Append(Styled("Notice", notice));
                    body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                    break;
                case ContentsBlock:
                    body.Append(Styled("TOCHeading", "Inhalt"));
                    body.Append(Contents(headings));
                    body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                    break;
                case HeadingBlock heading:
                    var id = (++bookmarks).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    body.Append(new Paragraph(
                        new ParagraphProperties(new ParagraphStyleId { Val = "Heading" + heading.Level }),
                        new BookmarkStart { Id = id, Name = heading.Anchor },
                        new Run(new Text(Clean(heading.Text))),
                        new BookmarkEnd { Id = id }));
                    break;
                case TextBlock text:
                    body.Append(Styled(text.Kind switch { TextKind.Small => "Small", TextKind.Strong => "Strong", TextKind.Notice => "Notice", _ => "Normal" }, text.Text));
                    break;
                case ChartBlock chart:
                    var part = main.AddImagePart(ImagePartType.Png);
                    using (var png = new MemoryStream(ReportCharts.Png(layout.Document, chart.Section))) part.FeedData(png);
                    long cx = content * EmuPerTwip, cy = cx * Exports.TrendChart.Height / Exports.TrendChart.Width;
                    body.Append(new Paragraph(new ParagraphProperties(new KeepNext()), new Run(Image(main.GetIdOfPart(part), cx, cy, ++images, chart.Description))));
                    break;
                case TableBlock table:
                    body.Append(Table(table, content));
                    body.Append(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" })));
                    break;
                case PageBreakBlock:
                    body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                    break;
            }
        }

        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }, new Tabs(new TabStop { Val = TabStopValues.Right, Position = content })),
            new Run(new Text(Clean(layout.Footer))),
            new Run(new TabChar()),
            new Run(new Text("Seite ") { Space = SpaceProcessingModeValues.Preserve }),
            new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " },
            new Run(new Text(" von ") { Space = SpaceProcessingModeValues.Preserve }),
            new SimpleField(new Run(new Text("1"))) { Instruction = " NUMPAGES " }));
        body.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
            new PageSize { Width = (uint)pageWidth, Height = (uint)pageHeight, Orient = layout.Landscape ? PageOrientationValues.Landscape : PageOrientationValues.Portrait },
            new PageMargin { Top = Margin, Bottom = Margin, Left = (uint)Margin, Right = (uint)Margin, Header = 567, Footer = 567, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    /// <summary>A TOC field whose shown result already lists the headings, so the contents read right even before Word updates the page numbers.</summary>
    static IEnumerable<Paragraph> Contents(IReadOnlyList<HeadingBlock> headings)
    {
        var entries = headings.Where(h => h.Level <= 2).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "TOC" + entries[i].Level }));
            if (i == 0)
            {
                paragraph.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                    new Run(new FieldCode(" TOC \\o \"1-2\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }));
            }
            paragraph.Append(new Hyperlink(new Run(new Text(Clean(entries[i].Text)))) { Anchor = entries[i].Anchor, History = true });
            if (i == entries.Count - 1) paragraph.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.End }));
            yield return paragraph;
        }
    }

    static Table Table(TableBlock block, int content)
    {
        var total = block.Columns.Sum(c => c.Width);
        var widths = block.Columns.Select(c => (int)(c.Width / total * content)).ToList();
        var table = new Table(
            new TableProperties(new TableStyle { Val = "ReportTable" }, new TableWidth { Width = content.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableLook { FirstRow = true, NoHorizontalBand = true, NoVerticalBand = true }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(new TableRowProperties(new TableHeader(), new CantSplit()),
            block.Columns.Select((c, i) => Cell(new TableCell(c.Header), widths[i], c.Numeric, header: true))));
        foreach (var row in block.Rows)
        {
            table.Append(Row(new TableRowProperties(new CantSplit()), row.Select((cell, i) => Cell(cell, widths[i], block.Columns[i].Numeric, header: false))));
        }
        return table;
    }

    static TableRow Row(TableRowProperties properties, IEnumerable<OpenXmlElement> cells) => new(new OpenXmlElement[] { properties }.Concat(cells));

    static DocumentFormat.OpenXml.Wordprocessing.TableCell Cell(TableCell cell, int width, bool numeric, bool header)
    {
        var properties = new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
        if (header) properties.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "EEF1F4", Color = "auto" });
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "TableText" },
            new Justification { Val = numeric && !header ? JustificationValues.Right : JustificationValues.Left }));
        if (cell.Status is { } status)
        {
            // The colour marks the status beside its label, never instead of it.
            paragraph.Append(new Run(new RunProperties(new Color { Val = status.Colour().TrimStart('#') }), new Text("■ ") { Space = SpaceProcessingModeValues.Preserve }));
        }
        var run = new Run(header ? new RunProperties(new Bold()) : new RunProperties());
        var lines = Clean(cell.Text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        paragraph.Append(run);
        return new DocumentFormat.OpenXml.Wordprocessing.TableCell(properties, paragraph);
    }

    static Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve }));

    static Drawing Image(string relationship, long cx, long cy, uint id, string description) =>
        new(new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = $"Diagramm {id}", Description = Clean(description) },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"diagramm{id}.png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = relationship }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });

    /// <summary>Characters XML cannot hold (control characters pasted into a commentary) would make the file unreadable; they are dropped.</summary>
    static string Clean(string text) => string.Concat(text.Where(c => c is '\t' or '\n' || !char.IsControl(c)));

    static Styles Styles()
    {
        var styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial" },
                new FontSize { Val = "21" }, new Languages { Val = "de-DE" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }))));
        styles.Append(
            Paragraph("Normal", "Normal", null, isDefault: true),
            Paragraph("Title", "Title", new StyleRunProperties(new Bold(), new FontSize { Val = "48" }), spacingBefore: 2400, spacingAfter: 480),
            Paragraph("Subtitle", "Subtitle", new StyleRunProperties(new Color { Val = "595959" }, new FontSize { Val = "28" })),
            Paragraph("Heading1", "heading 1", new StyleRunProperties(new Bold(), new Color { Val = "0072B2" }, new FontSize { Val = "32" }), outline: 0, spacingBefore: 360, keepNext: true),
            Paragraph("Heading2", "heading 2", new StyleRunProperties(new Bold(), new FontSize { Val = "26" }), outline: 1, spacingBefore: 240, keepNext: true),
            Paragraph("TOCHeading", "TOC Heading", new StyleRunProperties(new Bold(), new FontSize { Val = "32" })),
            Paragraph("TOC1", "toc 1", new StyleRunProperties(new Bold()), spacingAfter: 60),
            Paragraph("TOC2", "toc 2", null, spacingAfter: 40, indent: 360),
            Paragraph("Small", "Hinweis klein", new StyleRunProperties(new Color { Val = "595959" }, new FontSize { Val = "17" })),
            Paragraph("Strong", "Zwischenzeile", new StyleRunProperties(new Bold()), spacingAfter: 40, keepNext: true),
            Paragraph("TableText", "Tabellentext", new StyleRunProperties(new FontSize { Val = "17" }), spacingAfter: 0),
            Paragraph("Footer", "footer", new StyleRunProperties(new Color { Val = "595959" }, new FontSize { Val = "16" }), spacingAfter: 0));
        var notice = Paragraph("Notice", "Hinweis Beispieldaten", new StyleRunProperties(new Bold()));
        notice.StyleParagraphProperties!.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "FDF3D8", Color = "auto" });
        styles.Append(notice);
        styles.Append(new Style(
            new StyleName { Val = "Report Table" },
            new BasedOn { Val = "TableNormal" },
            new StyleTableProperties(new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" }, new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" }),
                new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa }, new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = "ReportTable" });
        return styles;
    }

    static Style Paragraph(string id, string name, StyleRunProperties? run, bool isDefault = false, int? outline = null, int spacingBefore = 0, int spacingAfter = 120,
        bool keepNext = false, int indent = 0)
    {
        var paragraph = new StyleParagraphProperties(new SpacingBetweenLines { Before = spacingBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), After = spacingAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (keepNext) paragraph.Append(new KeepNext());
        if (indent > 0) paragraph.Append(new Indentation { Left = indent.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (outline is { } level) paragraph.Append(new OutlineLevel { Val = level });
        var style = new Style(new StyleName { Val = name }, new PrimaryStyle(), paragraph) { Type = StyleValues.Paragraph, StyleId = id, Default = isDefault ? true : null };
        if (!isDefault) style.InsertAfter(new BasedOn { Val = "Normal" }, style.StyleName);
        if (run is not null) style.Append(run);
        return style;
    }
}
