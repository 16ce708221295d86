using Microsoft.AspNetCore.Http.HttpResults;

namespace Monitoring.Http;

/// <summary>The paging rules every list follows: <c>skip</c> from 0, <c>take</c> from 1 to <see cref="MaxPageSize"/> (default 100).</summary>
public static class Paging
{
    public const int MaxPageSize = 500;

    public static ValidationProblem? Check(int? skip, int? take)
    {
        var errors = new Dictionary<string, string[]>();
        if (skip < 0) errors["skip"] = ["Bitte 0 oder mehr angeben."];
        if (take is < 1 or > MaxPageSize) errors["take"] = [$"Bitte einen Wert von 1 bis {MaxPageSize} angeben."];
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}
