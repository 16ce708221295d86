using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Commands;

/// <summary>
/// <c>users</c>: lists local accounts; <c>users add</c> creates one, the one-time set-up step for the first administrator.
/// The password is read from the environment variable named by <c>--password-env</c> (default MONITORING_PASSWORD) or
/// asked for, so that it never lands in the shell history.
/// </summary>
static class UsersCommand
{
    public static Command Create()
    {
        var list = CommandHost.Configure(new Command("users", "Die lokalen Konten zeigen."), async (_, services, cancellationToken) =>
        {
            foreach (var user in await services.GetRequiredService<Database>().ListUsersAsync(cancellationToken))
            {
                Console.WriteLine($"{user.Id,5} {user.UserName,-30} {user.Role,-8} {(user.Disabled ? "deaktiviert" : "")} {user.DisplayName}");
            }
            return 0;
        });

        var name = new Argument<string>("user-name") { Description = "Der Name, mit dem sich das Konto anmeldet." };
        var role = new Option<Role>("--role") { Description = "Viewer, Editor, Analyst oder Admin.", DefaultValueFactory = _ => Role.Viewer };
        var display = new Option<string?>("--display-name") { Description = "Der angezeigte Name; ohne Angabe der Benutzername." };
        var passwordEnv = new Option<string>("--password-env") { Description = "Die Umgebungsvariable mit dem Passwort.", DefaultValueFactory = _ => "MONITORING_PASSWORD" };
        var add = CommandHost.Configure(new Command("add", "Ein lokales Konto anlegen.") { name, role, display, passwordEnv }, async (parseResult, services, cancellationToken) =>
        {
            var password = Environment.GetEnvironmentVariable(parseResult.GetValue(passwordEnv)!);
            if (string.IsNullOrEmpty(password) && !Console.IsInputRedirected)
            {
                Console.Write("Passwort: ");
                password = ReadHidden();
            }
            var result = await services.GetRequiredService<UserAdministration>().CreateAsync("command line",
                new NewAccount(parseResult.GetValue(name), parseResult.GetValue(display), parseResult.GetValue(role), password), cancellationToken);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync(string.Join(" ", result.Messages));
                return 2;
            }
            var user = result.Value!;
            Console.WriteLine($"Konto {user.UserName} ({user.Role}) angelegt.");
            return 0;
        });
        list.Add(add);
        return list;
    }

    static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0) text.Length--;
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        Console.WriteLine();
        return text.ToString();
    }
}
