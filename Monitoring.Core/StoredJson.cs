using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitoring.Core;

/// <summary>
/// The one JSON form of the product: what the database keeps as JSON (the catalog, source settings, audit entries, run
/// reports, report editions) and what the API answers (camelCase names, enums as their names).
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the product's JSON rules to options another part owns (the API's HTTP JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
