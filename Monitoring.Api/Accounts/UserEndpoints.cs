using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Api.Accounts;

/// <summary>User administration and the audit log, for administrators.</summary>
public static class UserEndpoints
{
    public sealed record NewUser([property: Required] string UserName, string? DisplayName, Role Role, [property: Required] string Password);

    public sealed record UserChange(string? DisplayName, Role? Role, bool? Disabled, string? Password);

    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", (Database database, CancellationToken cancellationToken) => database.ListUsersAsync(cancellationToken)).RequireRole(Role.Admin);
        users.MapPost("/", CreateAsync).RequireRole(Role.Admin);
        users.MapPut("/{id:int}", UpdateAsync).RequireRole(Role.Admin);
        api.MapGet("/audit", ListAuditAsync).WithTags("Users").RequireRole(Role.Admin);
    }

    static async Task<Results<Created<User>, ValidationProblem>> CreateAsync(NewUser body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.UserName) || body.UserName.Length > 100) errors["userName"] = ["required, at most 100 characters"];
        if (!Enum.IsDefined(body.Role)) errors["role"] = ["one of Viewer, Editor, Analyst, Admin"];
        if (UserAccounts.CheckPassword(body.Password) is { Count: > 0 } weak) errors["password"] = weak.ToArray();
        if (errors.Count == 0 && await database.UserNameTakenAsync(body.UserName, cancellationToken))
        {
            errors["userName"] = ["already taken"];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var user = await database.CreateUserAsync(body.UserName, string.IsNullOrWhiteSpace(body.DisplayName) ? body.UserName : body.DisplayName, body.Role, body.Password, cancellationToken);
        await database.WriteAsync(http.User.AuditName(), "user.create", "user", user.UserName, null, user, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", user);
    }

    static async Task<Results<Ok<User>, NotFound, ValidationProblem>> UpdateAsync(int id, UserChange body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var before = await database.FindUserAsync(id, cancellationToken);
        if (before is null) return TypedResults.NotFound();
        var errors = new Dictionary<string, string[]>();
        if (body.Role is Role role && !Enum.IsDefined(role)) errors["role"] = ["one of Viewer, Editor, Analyst, Admin"];
        if (body.Password is not null && UserAccounts.CheckPassword(body.Password) is { Count: > 0 } weak) errors["password"] = weak.ToArray();
        // The last administrator cannot lock everyone out.
        if (await database.WouldLockOutAsync(before, body.Role ?? before.Role, body.Disabled ?? before.Disabled, cancellationToken)) errors["role"] = ["the last active administrator stays one"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        await database.UpdateUserAsync(id, body.DisplayName ?? before.DisplayName, body.Role ?? before.Role, body.Disabled ?? before.Disabled, body.Password, cancellationToken);
        var after = (await database.FindUserAsync(id, cancellationToken))!;
        await database.WriteAsync(http.User.AuditName(), body.Password is null ? "user.update" : "user.update+password", "user", after.UserName, before, after, cancellationToken);
        return TypedResults.Ok(after);
    }

    static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> ListAuditAsync(Database database, string? entity, string? key, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (Paging.Check(skip, take) is { } problem) return problem;
        return TypedResults.Ok(await database.ListAsync(entity, key, skip ?? 0, take ?? 100, cancellationToken));
    }
}
