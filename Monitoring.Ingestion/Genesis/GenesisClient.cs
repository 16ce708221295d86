using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Monitoring.Ingestion.Genesis;

/// <summary>What to fetch from a GENESIS database (Destatis, Regionalstatistik, Landesdatenbank NRW, Zensus 2022).</summary>
public sealed record GenesisTableRequest
{
    /// <summary>Table code, e.g. <c>12411-02-03-5</c>.</summary>
    public required string Table { get; init; }

    public int? StartYear { get; init; }

    public int? EndYear { get; init; }

    /// <summary>Regional classification, e.g. <c>GEMEIN</c>.</summary>
    public string? RegionalVariable { get; init; }

    /// <summary>Regional keys, with wildcards: <c>05754*</c>.</summary>
    public string? RegionalKey { get; init; }

    public string Language { get; init; } = "de";

    /// <summary>
    /// Names the connection in configuration (<see cref="GenesisConnections"/>): <c>Genesis:Credentials:{name}:BaseUrl</c>
    /// (known for the offices' own databases), <c>:Username</c> (or a token) and <c>:Password</c>.
    /// </summary>
    public string? Credentials { get; init; }

    /// <summary>
    /// Members the request does not have, kept only to refuse them: an address (<c>baseUrl</c>) belongs to the
    /// operator's configuration, not to a source. Sources stored before that rule keep theirs here, unused.
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>An answer of the GENESIS interface that is not data, with its status code and the service's own (German) text.</summary>
public sealed class GenesisApiException(int? code, string message) : Exception(message)
{
    public int? Code { get; } = code;

    /// <summary>The database has no such table, or nothing for the selection (GENESIS-Online 104, Zensus database 90).</summary>
    public bool NotFound { get; init; }
}

/// <summary>Timing of the client; tests shorten it.</summary>
public sealed record GenesisClientOptions
{
    public int Attempts { get; init; } = 4;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan JobPollInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromHours(2);
}

/// <summary>
/// The 2020 REST interface of the GENESIS databases: <c>data/tablefile</c> as flat-file CSV; tables too large for a
/// direct download become a job that is polled and fetched with <c>data/resultfile</c>. Credentials go in request
/// headers of a POST, never in the address, and are never logged. Transient failures are retried with back-off.
/// </summary>
public sealed partial class GenesisClient(HttpClient http, GenesisConnections connections, GenesisClientOptions options, ILogger<GenesisClient> logger)
{
    /// <summary>Downloads the table to a temporary file (CSV, or the ZIP GENESIS sends); the caller deletes it.</summary>
    public async Task<string> DownloadAsync(GenesisTableRequest request, CancellationToken cancellationToken)
    {
        var (connection, problem) = connections.Find(request.Credentials);
        if (connection is null) throw new GenesisApiException(null, problem!);
        var parameters = new Dictionary<string, string>
        {
            ["name"] = request.Table,
            ["area"] = "all",
            ["compress"] = "false",
            ["format"] = "ffcsv",
            ["language"] = request.Language,
            ["job"] = "false",
        };
        if (request.StartYear is { } start) parameters["startyear"] = start.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (request.EndYear is { } end) parameters["endyear"] = end.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (request.RegionalVariable is { } variable) parameters["regionalvariable"] = variable;
        if (request.RegionalKey is { } key) parameters["regionalkey"] = key;

        logger.LogInformation("GENESIS {Table} from {BaseUrl}", request.Table, connection.BaseUrl);
        var answer = await PostAsync(connection, request, "data/tablefile", parameters, cancellationToken);
        if (answer.File is not null) return answer.File;

        if (answer.Code == 98)
        {
            // Too large for a direct download: the service builds it as a job.
            parameters["job"] = "true";
            var job = await PostAsync(connection, request, "data/tablefile", parameters, cancellationToken);
            if (job.File is not null) return job.File;
            if (job.Code != 99 || JobName().Match(job.Content ?? "") is not { Success: true } match)
            {
                throw new GenesisApiException(job.Code, $"GENESIS hat für {request.Table} keinen Auftrag angelegt: {job.Content}");
            }
            return await AwaitJobAsync(connection, request, match.Value, cancellationToken);
        }

        throw answer.Code is 104 or 90
            ? new GenesisApiException(answer.Code, $"GENESIS hat für {request.Table} mit dieser Auswahl keine Daten gefunden: {answer.Content}") { NotFound = true }
            : new GenesisApiException(answer.Code, $"GENESIS hat auf die Anfrage nach {request.Table} mit Status {answer.Code} geantwortet: {answer.Content}");
    }

    /// <summary>
    /// Waits for a job as GENESIS-Online answered it when recorded (2025): <c>catalogue/results</c> with the result's name
    /// answers 104 ("Es gibt keine Objekte …") until the result is ready and then lists it; <c>data/resultfile</c> delivers it.
    /// </summary>
    async Task<string> AwaitJobAsync(GenesisConnection connection, GenesisTableRequest request, string jobName, CancellationToken cancellationToken)
    {
        logger.LogInformation("GENESIS job {Job} created for {Table}; waiting for it", jobName, request.Table);
        var deadline = DateTime.UtcNow + options.JobTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(options.JobPollInterval, cancellationToken);
            var listed = await PostAsync(connection, request, "catalogue/results", new Dictionary<string, string>
            {
                ["selection"] = jobName,
                ["area"] = "user",
                ["pagelength"] = "1",
                ["language"] = request.Language,
            }, cancellationToken);
            // Not ready yet is answered with "no objects" (104); anything else but the listing is an error.
            if (listed.Code == 104) continue;
            if (listed.Code != 0) throw new GenesisApiException(listed.Code, $"Der GENESIS-Auftrag {jobName} ist fehlgeschlagen: {listed.Content}");
            var result = await PostAsync(connection, request, "data/resultfile", new Dictionary<string, string>
            {
                ["name"] = jobName,
                ["area"] = "user",
                ["compress"] = "false",
                ["format"] = "ffcsv",
                ["language"] = request.Language,
            }, cancellationToken);
            if (result.File is not null) return result.File;
            throw new GenesisApiException(result.Code, $"Der GENESIS-Auftrag {jobName} ist fertig, sein Ergebnis kam aber nicht: {result.Content}");
        }
        throw new GenesisApiException(null, $"Der GENESIS-Auftrag {jobName} für {request.Table} war nach {options.JobTimeout:c} (Std.:Min.:Sek.) nicht fertig.");
    }

    sealed record Answer(string? File, int? Code, string? Content);

    async Task<Answer> PostAsync(GenesisConnection connection, GenesisTableRequest request, string path, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var address = new Uri(connection.BaseUrl, path);
        var delay = options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, address) { Content = new FormUrlEncodedContent(parameters) };
            AddCredentials(message, connection);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsTransient(response.StatusCode) && attempt < options.Attempts)
                {
                    logger.LogWarning("GENESIS answered {Status} for {Path}; attempt {Attempt} of {Attempts}", (int)response.StatusCode, path, attempt, options.Attempts);
                }
                else if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new GenesisApiException((int)response.StatusCode, connection.UserName is null
                        ? $"GENESIS unter {address.Host} verlangt Zugangsdaten: In der Konfiguration fehlen Genesis:Credentials:{connection.Name}:Username (und :Password); bitte in der Umgebung setzen, z. B. Genesis__Credentials__{connection.Name}__Username."
                        : $"GENESIS hat die Zugangsdaten „{connection.Name}“ abgelehnt ({(int)response.StatusCode}); bitte Genesis:Credentials:{connection.Name}:Username und :Password prüfen.");
                }
                else if (!response.IsSuccessStatusCode)
                {
                    throw new GenesisApiException((int)response.StatusCode, $"GENESIS hat auf {path} mit HTTP {(int)response.StatusCode} geantwortet.");
                }
                else
                {
                    return await ReadAnswerAsync(response, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt >= options.Attempts)
                {
                    throw new GenesisApiException(null, $"GENESIS unter {address.Host} war nach {attempt} Versuchen nicht erreichbar: {(ex is OperationCanceledException ? "Zeitüberschreitung" : ex.Message)}");
                }
                logger.LogWarning("GENESIS request {Path} failed ({Error}); attempt {Attempt} of {Attempts}", path, ex is OperationCanceledException ? "time-out" : ex.Message, attempt, options.Attempts);
            }
            await Task.Delay(delay, cancellationToken);
            delay *= 2;
        }
    }

    static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError;

    /// <summary>The credentials go in headers, to the configured address only (the client follows no redirects); a set without them asks as a guest.</summary>
    static void AddCredentials(HttpRequestMessage message, GenesisConnection connection)
    {
        if (connection.UserName is null) return;
        message.Headers.Add("username", connection.UserName);
        message.Headers.Add("password", connection.Password ?? "");
    }

    async Task<Answer> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (Property(json.RootElement, "Status") is { } status)
            {
                return new Answer(null,
                    Property(status, "Code") is { } code && code.TryGetInt32(out var number) ? number : null,
                    Property(status, "Content")?.GetString());
            }
            throw new GenesisApiException(null, "GENESIS hat mit JSON ohne Status-Objekt geantwortet.");
        }

        // CSV or ZIP: stream to disk, never into memory.
        var path = Path.Combine(Path.GetTempPath(), $"monitoring-genesis-{Guid.NewGuid():N}{(mediaType.Contains("zip", StringComparison.OrdinalIgnoreCase) ? ".zip" : ".csv")}");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await response.Content.CopyToAsync(file, cancellationToken);
        }
        return new Answer(path, null, null);
    }

    static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
            : null;

    /// <summary>The job name GENESIS puts at the end of its "job created" text, e.g. 12411-0015_123456789.</summary>
    [GeneratedRegex(@"[\w-]+_\d+(?=\W*$)")]
    private static partial Regex JobName();
}
