using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Core.Changes;

namespace Monitoring.Http;

/// <summary>A feature's write outcome as the API answers it: the problems per field as a validation problem (RFC 9457).</summary>
public static class WriteResults
{
    public static ValidationProblem Problem<T>(this WriteResult<T> result) =>
        TypedResults.ValidationProblem(result.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
