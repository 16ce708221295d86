using Monitoring.Ingestion.Genesis;

namespace Monitoring.Ingestion.Imports;

/// <summary>
/// What a source's settings may name, for every way a source is saved (API, dashboard, command line): a drop folder
/// below the configured root and a GENESIS connection from the configuration, never a path or an address of its own.
/// </summary>
public sealed class SourceSettingsCheck(DropFolders dropFolders, GenesisConnections connections)
{
    /// <summary>Problems per field (the API's names, e.g. <c>settings.dropFolder</c>), in German; empty when the settings will do.</summary>
    public IReadOnlyDictionary<string, string> Check(SourceSettings settings)
    {
        var errors = new Dictionary<string, string>();
        if (settings.DropFolder is not null && dropFolders.Resolve(settings.DropFolder).Problem is { } folder) errors["settings.dropFolder"] = folder;
        if (settings.Api is { } api)
        {
            if (api.Unknown is { Count: > 0 } unknown)
            {
                errors[$"settings.api.{unknown.Keys.First()}"] = unknown.ContainsKey("baseUrl")
                    ? "Die Adresse einer GENESIS-Datenbank gehört in die Konfiguration (Genesis:Credentials:NAME:BaseUrl), nicht in eine Quelle; die Quelle nennt nur die Verbindung („credentials“) und die Tabelle."
                    : $"Unbekannte Angabe „{unknown.Keys.First()}“; möglich sind table, credentials, startYear, endYear, regionalVariable, regionalKey, language.";
            }
            if (string.IsNullOrWhiteSpace(api.Table)) errors["settings.api.table"] = "Bitte den Tabellencode angeben, z. B. 12411-02-03-5.";
            if (connections.Find(api.Credentials).Problem is { } connection) errors["settings.api.credentials"] = connection;
        }
        return errors;
    }
}
