using Dapper;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Goals;

/// <summary>
/// Issue 17: the goal writes are one Core class the API and the dashboard both call. Its rules hold whoever calls, and
/// the audit entry is in the change's transaction: when it cannot be written, nothing changed.
/// </summary>
public sealed class GoalWritesTests : MigratedStore
{
    GoalWrites Writes => new(Db);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
    }

    async Task<long> CountAsync(string table)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    [Fact]
    public async Task A_goal_and_its_target_are_written_with_their_audit_entries_and_the_rules_hold()
    {
        var guiding = await Writes.CreateGoalAsync("redaktion", new GoalDraft(null, " Teilhabe stärken ", "Arbeit", null));
        Assert.True(guiding.Succeeded);
        Assert.Equal(("Teilhabe stärken", "Leitziel"), (guiding.Value!.Title, guiding.Value.Kind));

        // A Handlungsziel stands under a Leitziel, never under another Handlungsziel; a target belongs to a Handlungsziel.
        var goal = (await Writes.CreateGoalAsync("redaktion", new GoalDraft(guiding.Value.Id, "Beschäftigung erhöhen", "Arbeit", null))).Value!;
        Assert.Contains("parentId", (await Writes.CreateGoalAsync("redaktion", new GoalDraft(goal.Id, "Zu tief", "Arbeit", null))).Errors.Keys);
        Assert.Contains("id", (await Writes.CreateTargetAsync("redaktion", guiding.Value.Id, new TargetDraft("AUS_ANT", "05754", 2015, 2030, 10, Direction.Up, null, null))).Errors.Keys);

        // The indicator's code in any case is the catalog's; an unknown area, years out of order are named by field.
        var target = await Writes.CreateTargetAsync("redaktion", goal.Id, new TargetDraft("aus_ant", "05754", 2015, 2030, 10, Direction.Up, "Jobcenter", "Hinweis"));
        Assert.True(target.Succeeded, string.Join(" ", target.Messages));
        Assert.Equal(("AUS_ANT", "Hinweis"), (target.Value!.IndicatorCode, target.Value.Notes));
        var wrong = await Writes.CreateTargetAsync("redaktion", goal.Id, new TargetDraft("AUS_ANT", "99999", 2030, 2015, 10, Direction.Up, null, null));
        Assert.Equal(["areaKey", "targetYear"], wrong.Errors.Keys.Order());

        await using var connection = await Db.OpenAsync();
        Assert.Equal(["goal.create", "goal.create", "target.create"],
            (await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE user_name = 'redaktion' ORDER BY id")).ToList());
        Assert.True((await Writes.DeleteGoalAsync("redaktion", guiding.Value.Id)).Errors.ContainsKey("id")); // Handlungsziele under it
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_the_change_is_rolled_back()
    {
        var guiding = (await Writes.CreateGoalAsync("redaktion", new GoalDraft(null, "Teilhabe stärken", "Arbeit", null))).Value!;
        var goal = (await Writes.CreateGoalAsync("redaktion", new GoalDraft(guiding.Id, "Beschäftigung erhöhen", "Arbeit", null))).Value!;
        var target = (await Writes.CreateTargetAsync("redaktion", goal.Id, new TargetDraft("AUS_ANT", "05754", 2015, 2030, 10, Direction.Up, null, null))).Value!;
        var (goals, targets) = (await CountAsync("goals"), await CountAsync("goal_targets"));
        await using (var connection = await Db.OpenAsync())
        {
            // The audit log refuses every entry from here on.
            await connection.ExecuteAsync("CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
        }

        await Assert.ThrowsAnyAsync<Exception>(() => Writes.CreateGoalAsync("redaktion", new GoalDraft(null, "Neu", "Arbeit", null)));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.UpdateGoalAsync("redaktion", goal.Id, new GoalDraft(null, "Geändert", "Arbeit", null)));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.DeleteGoalAsync("redaktion", goal.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.CreateTargetAsync("redaktion", goal.Id, new TargetDraft("AUS_ANT", "05754008", 2015, 2030, 5, Direction.Up, null, null)));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.UpdateTargetAsync("redaktion", target.Id, new TargetDraft(null, null, 2016, 2031, 12, Direction.Down, null, null)));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.DeleteTargetAsync("redaktion", target.Id));

        Assert.Equal((goals, targets), (await CountAsync("goals"), await CountAsync("goal_targets")));
        Assert.Equal("Beschäftigung erhöhen", (await Db.FindGoalAsync(goal.Id))!.Title);
        Assert.Equal(2030, (await Db.FindTargetAsync(target.Id))!.TargetYear);
    }
}
