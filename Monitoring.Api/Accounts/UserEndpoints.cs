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
        // Accounts and addresses whose sign-ins are held back after failed attempts; an administrator can lift them.
        users.MapGet("/sign-in-blocks", ListBlocksAsync).RequireRole(Role.Admin);
        users.MapDelete("/sign-in-blocks/{kind}/{value}", LiftBlockAsync).RequireRole(Role.Admin);
        api.MapGet("/audit", ListAuditAsync).WithTags("Users").RequireRole(Role.Admin);
    }

    static async Task<Results<Created<User>, ValidationProblem>> CreateAsync(NewUser body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var result = await database.CreateAsync(http.User.AuditName(), new NewAccount(body.UserName, body.DisplayName, body.Role, body.Password), cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/users/{result.User!.Id}", result.User) : Problem(result);
    }

    static async Task<Results<Ok<User>, NotFound, ValidationProblem>> UpdateAsync(int id, UserChange body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var result = await database.UpdateAsync(http.User.AuditName(), id, new AccountChange(body.DisplayName, body.Role, body.Disabled, body.Password), cancellationToken);
        if (result.NotFound) return TypedResults.NotFound();
        return result.Succeeded ? TypedResults.Ok(result.User!) : Problem(result);
    }

    static ValidationProblem Problem(AccountResult result) => TypedResults.ValidationProblem(result.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));

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
        return TypedResults.Ok(await database.ListAsync(entity, key, skip ?? 0, take ?? 100, cancellationToken));
    }
}
