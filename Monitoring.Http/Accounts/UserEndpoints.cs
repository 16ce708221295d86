using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Accounts;

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
        // Accounts and addresses whose sign-ins are held back after failed attempts; an administrator can lift them.
        users.MapGet("/sign-in-blocks", ListBlocksAsync).RequireRole(Role.Admin);
        users.MapDelete("/sign-in-blocks/{kind}/{value}", LiftBlockAsync).RequireRole(Role.Admin);
        api.MapGet("/audit", ListAuditAsync).WithTags("Users").RequireRole(Role.Admin);
    }

    static async Task<Results<Created<User>, ValidationProblem>> CreateAsync(NewUser body, HttpContext http, UserAdministration users, CancellationToken cancellationToken)
    {
        var result = await users.CreateAsync(http.User.AuditName(), new NewAccount(body.UserName, body.DisplayName, body.Role, body.Password), cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/users/{result.Value!.Id}", result.Value) : result.Problem();
    }

    static async Task<Results<Ok<User>, NotFound, ValidationProblem>> UpdateAsync(int id, UserChange body, HttpContext http, UserAdministration users, CancellationToken cancellationToken)
    {
        var result = await users.UpdateAsync(http.User.AuditName(), id, new AccountChange(body.DisplayName, body.Role, body.Disabled, body.Password), cancellationToken);
        if (result.IsNotFound) return TypedResults.NotFound();
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Problem();
    }

    static async Task<IReadOnlyList<SignInBlock>> ListBlocksAsync(Database database, TimeProvider time, CancellationToken cancellationToken) =>
        await database.ListBlocksAsync(time.GetUtcNow().UtcDateTime, cancellationToken);

    static async Task<Results<NoContent, NotFound>> LiftBlockAsync(string kind, string value, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var subject = kind == "account" ? SignInThrottle.AccountSubject(value) : kind == "address" ? SignInThrottle.AddressSubject(value) : null;
        return subject is not null && await database.LiftAsync(subject, http.User.AuditName(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> ListAuditAsync(Database database, string? entity, string? key, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (Paging.Check(skip, take) is { } problem) return problem;
        return TypedResults.Ok(await database.ListAuditEntriesAsync(entity, key, skip ?? 0, take ?? 100, cancellationToken));
    }
}
