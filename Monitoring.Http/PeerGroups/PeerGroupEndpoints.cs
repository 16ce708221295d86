using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Core.Areas;
using Monitoring.Core.PeerGroups;
using Monitoring.Core.Storage;

namespace Monitoring.Http.PeerGroups;

/// <summary>The municipalities' peer groups (k-means on structural indicators) and the group medians of an indicator.</summary>
public static class PeerGroupEndpoints
{
    public sealed record Member(string AreaKey, string Name, int Group);

    public sealed record GroupingDto(int Year, int Groups, double Silhouette, IReadOnlyList<string> Features, DateTime ComputedAt, IReadOnlyList<Member> Members);

    public static void MapPeerGroups(this IEndpointRouteBuilder api)
    {
        var groups = api.MapGroup("/peer-groups").WithTags("Peer groups");
        groups.MapGet("/", async Task<Results<Ok<GroupingDto>, NotFound>> (Database database, CancellationToken cancellationToken) =>
        {
            if (await PeerGroupStore.LatestAsync(database, cancellationToken) is not { } grouping) return TypedResults.NotFound();
            var areas = (await database.ListCurrentAsync(cancellationToken)).ToDictionary(a => a.Id);
            return TypedResults.Ok(new GroupingDto(grouping.Year, grouping.Groups, grouping.Silhouette, grouping.Features, grouping.ComputedAt,
                grouping.GroupOfArea.Where(m => areas.ContainsKey(m.Key)).Select(m => new Member(areas[m.Key].Key, areas[m.Key].Name, m.Value)).OrderBy(m => m.AreaKey, StringComparer.Ordinal).ToList()));
        });
        groups.MapGet("/medians", async (string indicator, int year, Database database, CancellationToken cancellationToken) =>
            TypedResults.Ok(await PeerGroupStore.GroupMediansAsync(database, indicator, year, cancellationToken)));
    }
}
