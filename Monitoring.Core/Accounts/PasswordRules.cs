namespace Monitoring.Core.Accounts;

/// <summary>
/// What a new password must be, as BSI's IT-Grundschutz (ORP.4.A23) and NIST SP 800-63B describe it: long enough, and
/// none of the passwords an attacker tries first (one character repeated, only digits, a plain sequence, the user
/// name, a common password). No rules on character classes: those make passwords shorter to remember, not stronger.
/// </summary>
public static class PasswordRules
{
    /// <summary>Problems with a new password, in German; empty when it will do.</summary>
    public static IReadOnlyList<string> Check(string? password, string? userName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < UserAccounts.MinimumPasswordLength)
        {
            return [$"Das Passwort braucht mindestens {UserAccounts.MinimumPasswordLength} Zeichen."];
        }
        var problems = new List<string>();
        var folded = password.ToLowerInvariant();
        if (folded.Distinct().Count() <= 2) problems.Add("Das Passwort darf nicht aus einem oder zwei immer wiederholten Zeichen bestehen.");
        else if (password.All(char.IsAsciiDigit)) problems.Add("Das Passwort darf nicht nur aus Ziffern bestehen.");
        else if (IsSequence(folded)) problems.Add("Das Passwort darf keine einfache Zeichenfolge wie „abcdefgh…“ oder „qwertz…“ sein.");
        if (!string.IsNullOrWhiteSpace(userName) && Stem(folded) is var stem && userName.Trim().ToLowerInvariant() is var name
            && (stem == name || stem == new string(name.Reverse().ToArray()) || stem == name + name))
        {
            problems.Add("Das Passwort darf nicht der Benutzername sein, auch nicht mit angehängten Ziffern oder Zeichen.");
        }
        if (IsCommon(folded)) problems.Add("Das Passwort gehört zu den häufigsten Passwörtern und wird bei Angriffen zuerst probiert.");
        return problems;
    }

    /// <summary>Keyboard rows and the alphabet, forwards and backwards: a password that is a run of one of them.</summary>
    static readonly string[] Sequences = ["abcdefghijklmnopqrstuvwxyz", "qwertzuiopü", "qwertyuiop", "asdfghjklöä", "asdfghjkl", "yxcvbnm", "zxcvbnm", "01234567890", "1234567890"];

    static bool IsSequence(string folded)
    {
        foreach (var row in Sequences)
        {
            var reversed = new string(row.Reverse().ToArray());
            // Runs of the row repeated ("abcabcabcabc") count as well as one long run.
            if (IsRunOf(folded, row) || IsRunOf(folded, reversed)) return true;
        }
        return false;
    }

    static bool IsRunOf(string folded, string row)
    {
        var start = row.IndexOf(folded[0], StringComparison.Ordinal);
        if (start < 0) return false;
        for (var i = 1; i < folded.Length; i++)
        {
            var expected = row[(start + i) % row.Length];
            if (folded[i] != expected) return false;
        }
        return true;
    }

    /// <summary>
    /// The most common passwords of German and English leak lists (HPI's yearly "Top 10" and the NCSC's list) that are
    /// 12 characters or longer, and the stems of the common short ones, which users lengthen with digits or symbols.
    /// </summary>
    static readonly string[] CommonStems =
    [
        "passwort", "password", "kennwort", "geheim", "hallo", "qwertz", "qwerty", "iloveyou", "ichliebedich", "schatz", "sommer", "winter", "fussball", "fußball",
        "dortmund", "schalke", "bayern", "monkey", "dragon", "letmein", "welcome", "willkommen", "admin", "administrator", "master", "superman", "batman",
        "sunshine", "princess", "football", "baseball", "trustno", "changeme", "default", "monitoring", "integration", "guetersloh", "gütersloh", "test",
    ];

    static readonly char[] Padding = "0123456789!?.,;:-_+*#@$%&/ ".ToCharArray();

    /// <summary>The password without leading and trailing digits and symbols: "Passwort2024!" is as weak as "passwort".</summary>
    static string Stem(string folded) => folded.Trim(Padding);

    static bool IsCommon(string folded)
    {
        var stem = Stem(folded);
        if (stem.Length == 0) return false;
        foreach (var common in CommonStems)
        {
            // The stem is a common word, or that word repeated ("passwortpasswort").
            if (stem == common || (stem.Length % common.Length == 0 && string.Concat(Enumerable.Repeat(common, stem.Length / common.Length)) == stem)) return true;
        }
        return false;
    }
}
