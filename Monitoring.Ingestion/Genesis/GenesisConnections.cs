using Microsoft.Extensions.Configuration;

namespace Monitoring.Ingestion.Genesis;

/// <summary>Where and as whom a GENESIS source fetches: the operator's configuration, never a source's settings.</summary>
public sealed record GenesisConnection(string Name, Uri BaseUrl, string? UserName, string? Password);

/// <summary>
/// The GENESIS databases a deployment may fetch from, each a named set in configuration:
/// <c>Genesis:Credentials:NAME:BaseUrl</c>, <c>:Username</c> (or an API token) and <c>:Password</c>. The statistical
/// offices' own databases are known by name (<see cref="KnownOffices"/>), so for them only the credentials are set. A
/// source names the set and the table; it cannot name an address, so no Analyst can send the credentials elsewhere.
/// </summary>
public sealed class GenesisConnections(IConfiguration configuration)
{
    /// <summary>The offices' interfaces (2020 REST API), by the names a set may have without a BaseUrl.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownOffices = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Destatis"] = "https://www-genesis.destatis.de/genesisWS/rest/2020/",
        ["Regionalstatistik"] = "https://www.regionalstatistik.de/genesisws/rest/2020/",
        ["LandesdatenbankNRW"] = "https://www.landesdatenbank.nrw.de/ldbnrwws/rest/2020/",
        ["Bayern"] = "https://www.statistikdaten.bayern.de/genesisWS/rest/2020/",
        ["SachsenAnhalt"] = "https://genesis.sachsen-anhalt.de/webservice/rest/2020/",
        ["Zensus2022"] = "https://ergebnisse.zensus2022.de/api/rest/2020/",
        ["Bildungsmonitoring"] = "https://www.bildungsmonitoring.de/bildungws/rest/2020/",
    };

    /// <summary>The names a source may give: the configured sets and the known offices.</summary>
    public IReadOnlyList<string> Names =>
        configuration.GetSection("Genesis:Credentials").GetChildren().Select(c => c.Key).Concat(KnownOffices.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The connection of that name, or a German problem naming the setting to set.</summary>
    public (GenesisConnection? Connection, string? Problem) Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, $"Bitte die GENESIS-Verbindung angeben (eine von {string.Join(", ", Names)}); Adresse und Zugangsdaten stehen in der Konfiguration unter Genesis:Credentials:NAME.");
        }
        var section = configuration.GetSection($"Genesis:Credentials:{name}");
        var address = section["BaseUrl"] ?? KnownOffices.GetValueOrDefault(name);
        if (address is null)
        {
            return (null, $"Die GENESIS-Verbindung „{name}“ ist nicht eingerichtet: Genesis:Credentials:{name}:BaseUrl fehlt in der Konfiguration (bekannte Ämter ohne Adresse: {string.Join(", ", KnownOffices.Keys)}).");
        }
        if (!Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return (null, $"Genesis:Credentials:{name}:BaseUrl ist keine http(s)-Adresse: „{address}“.");
        }
        return (new GenesisConnection(name, uri, NullIfEmpty(section["Username"]), NullIfEmpty(section["Password"])), null);
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
