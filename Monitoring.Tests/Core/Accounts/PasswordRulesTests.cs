using Monitoring.Core.Accounts;

namespace Monitoring.Tests.Core.Accounts;

/// <summary>Issue 15, finding 12: long but trivial passwords are refused, as BSI's and NIST's guidance describe.</summary>
public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("aaaaaaaaaaaa", null)]
    [InlineData("abababababab", null)]
    [InlineData("123456789012", null)]
    [InlineData("000000000000", null)]
    [InlineData("abcdefghijklmn", null)]
    [InlineData("qwertzuiopüq", null)]
    [InlineData("Passwort1234", null)]
    [InlineData("!Password2024!", null)]
    [InlineData("passwortpasswort", null)]
    [InlineData("ichliebedich!", null)]
    [InlineData("sachbearbeitung", "sachbearbeitung")]
    [InlineData("Sachbearbeitung2024", "sachbearbeitung")]
    [InlineData("gnutiebraebhcas", "sachbearbeitung")]
    public void Trivial_passwords_are_refused_with_a_german_reason(string password, string? userName)
    {
        var problems = PasswordRules.Check(password, userName);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("Das Passwort", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ein-langes-Passwort", "admin")]
    [InlineData("Kreistag tagt am Dienstag", "sachbearbeitung")]
    [InlineData("test-viewer-Passwort-1", "test-viewer")]
    [InlineData("7Fuchs!Wiese#Regen", null)]
    public void Long_passwords_that_are_none_of_those_are_accepted(string password, string? userName) =>
        Assert.Empty(PasswordRules.Check(password, userName));

    [Fact]
    public void A_short_password_is_refused_for_its_length()
    {
        Assert.Equal([$"Das Passwort braucht mindestens {UserAccounts.MinimumPasswordLength} Zeichen."], PasswordRules.Check("kurz", null));
        Assert.NotEmpty(UserAccounts.CheckPassword("aaaaaaaaaaaaaaaa"));
    }
}
