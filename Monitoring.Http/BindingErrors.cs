using System.Text.Json;
using System.Text.RegularExpressions;

namespace Monitoring.Http;

/// <summary>
/// A request the API cannot read (malformed JSON, a value of the wrong type, a missing required member, a query value
/// that is no number) is answered 400 with problem details that name the field, as validation errors are; minimal APIs
/// would otherwise answer a bare 400 that says nothing of what was wrong.
/// </summary>
public static partial class BindingErrors
{
    public static IHostApplicationBuilder AddBindingErrors(this IHostApplicationBuilder builder)
    {
        // The binding failure reaches UseBindingErrors as an exception instead of being answered bare.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static IApplicationBuilder UseBindingErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var (field, message) = Describe(ex);
            context.Response.Clear();
            context.Response.StatusCode = ex.StatusCode;
            await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request could not be read").ExecuteAsync(context);
        }
    });

    /// <summary>
    /// The field (as the JSON or query names it) and what was wrong with it, in German; the framework's own English
    /// text follows in parentheses, as the technical detail a developer needs.
    /// </summary>
    public static (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var path = (json.Path ?? "$").TrimStart('$').TrimStart('.');
            if (MissingMembers().Match(json.Message) is { Success: true } missing)
            {
                var member = JsonNamingPolicy.CamelCase.ConvertName(missing.Groups[1].Value);
                return (path.Length == 0 ? member : $"{path}.{member}", "Das Feld fehlt; es ist Pflicht.");
            }
            return (path.Length == 0 ? "body" : path, $"Der Wert kann nicht gelesen werden ({json.Message.Split(" Path:", 2)[0]}).");
        }
        if (Parameter().Match(exception.Message) is { Success: true } parameter)
        {
            return (parameter.Groups["name"].Value, $"Der Wert kann nicht gelesen werden ({exception.Message}).");
        }
        return ("body", $"Die Anfrage kann nicht gelesen werden ({exception.Message}).");
    }

    [GeneratedRegex("missing required properties,? including: '([^']+)'")]
    private static partial Regex MissingMembers();

    [GeneratedRegex("parameter \"(?:[^\" ]+ )?(?<name>[^\" ]+)\"")]
    private static partial Regex Parameter();
}
