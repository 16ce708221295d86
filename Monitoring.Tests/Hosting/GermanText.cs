using System.Net;
using System.Text.RegularExpressions;

namespace Monitoring.Tests.Hosting;

/// <summary>
/// What a user reads on a page, and the check that it is German: no English run or job status, no English rejection,
/// error or exception text (the words the importer, Hangfire and .NET use when a message is not translated).
/// </summary>
static partial class GermanText
{
    /// <summary>The page's visible text: scripts, styles and markup removed, entities decoded, spaces collapsed.</summary>
    public static string Visible(string html)
    {
        var text = Markup().Replace(Hidden().Replace(html, " "), " ");
        return Spaces().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    /// <summary>Fails naming the English words found and where they stand.</summary>
    public static void Assert(string html, string page)
    {
        var text = Visible(html);
        var found = English().Matches(text).Select(m => text.Substring(Math.Max(0, m.Index - 40), Math.Min(text.Length - Math.Max(0, m.Index - 40), m.Length + 80))).ToList();
        Xunit.Assert.True(found.Count == 0, $"{page} shows English: {string.Join(" | ", found)}");
    }

    [GeneratedRegex("<(script|style|svg)\\b.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Markup();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();

    // Run and job statuses as the code names them, and words of English messages; "Online" (GENESIS-Online) is none.
    [GeneratedRegex("\\b(Succeeded|Failed|Running|Unchanged|Enqueued|Processing|Scheduled|Deleted|ambiguous|rejected|expected|error|Error|column|row|line|the|is not|not found|Exception|Internal|unknown|failed)\\b")]
    private static partial Regex English();
}
