using System.Globalization;

namespace Crm.Tests.Reports;

/// <summary>Every figure of every report after the scripted day (see <see cref="ScriptedDay"/>), each computed by hand from its steps.</summary>
public sealed class ReportsApiTests(ScriptedDayFixture fixture) : IClassFixture<ScriptedDayFixture>
{
    private const string Day = "from=2026-12-02&to=2026-12-02&tz=UTC";
    private ScriptedDay day => fixture.Day;

    private async Task<T> GetAsync<T>(string path) => await (await day.Bed.AgentAsync("supervisor")).GetAsync<T>(path);

    [Fact]
    public async Task Volume_counts_each_conversation_once_in_the_hour_it_arrived()
    {
        var volume = await GetAsync<VolumeReportDto>($"/api/reports/volume?{Day}&groupBy=hour");

        var t = volume.Total;
        Assert.Equal(("total", 5, 4, 1, 1), (t.Bucket, t.Received, t.Answered, t.Abandoned, t.Transferred));
        Assert.Equal(24, volume.Buckets.Count);
        var nine = volume.Buckets.Single(b => b.Bucket == "2026-12-02 09:00");
        Assert.Equal((4, 3, 1, 1), (nine.Received, nine.Answered, nine.Abandoned, nine.Transferred));
        var ten = volume.Buckets.Single(b => b.Bucket == "2026-12-02 10:00");
        Assert.Equal((1, 1, 0, 0), (ten.Received, ten.Answered, ten.Abandoned, ten.Transferred));
        Assert.Equal(5, volume.Buckets.Sum(b => b.Received));
        Assert.Equal(ScriptedDay.Morning.ToUnixTimeMilliseconds(), nine.Start);
    }

    [Fact]
    public async Task Hours_and_days_are_read_in_the_time_zone_asked_for()
    {
        var madrid = await GetAsync<VolumeReportDto>("/api/reports/volume?from=2026-12-02&to=2026-12-02&tz=Europe/Madrid&groupBy=hour");

        Assert.Equal("Europe/Madrid", madrid.Scope.TimeZone);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), madrid.Scope.From); // midnight in Madrid
        Assert.Equal(4, madrid.Buckets.Single(b => b.Bucket == "2026-12-02 10:00").Received);
        Assert.Equal(1, madrid.Buckets.Single(b => b.Bucket == "2026-12-02 11:00").Received);
        var byDay = await GetAsync<VolumeReportDto>("/api/reports/volume?from=2026-12-01&to=2026-12-03&tz=UTC&groupBy=day");
        Assert.Equal(["2026-12-01", "2026-12-02", "2026-12-03"], byDay.Buckets.Select(b => b.Bucket));
        Assert.Equal([0, 5, 0], byDay.Buckets.Select(b => b.Received));
    }

    [Fact]
    public async Task Speed_gives_average_and_90th_percentile_and_a_bot_message_is_never_the_first_response()
    {
        var speed = (await GetAsync<SpeedReportDto>($"/api/reports/speed?{Day}")).Total;

        // Wait: A 10 s, B 5 s, D 100 s, E 25 s. First response: A 20 s, B 40 s (the bot at 1 s does not count), D 20 s; E never wrote.
        Assert.Equal(new DurationStatDto(4, 35_000, 100_000), speed.Wait);
        Assert.Equal(new DurationStatDto(3, 26_667, 40_000), speed.FirstResponse);
        // Handle, first accept to end: A 110 s, B 235 s (across the transfer), D 200 s, E 275 s.
        Assert.Equal(new DurationStatDto(4, 205_000, 275_000), speed.Handle);
        // Post processing: A 30 s, B 30 s (agent1) + 40 s (agent2), D 20 s, E 60 s (the queue's timer).
        Assert.Equal(new DurationStatDto(4, 45_000, 70_000), speed.PostProcessing);
    }

    [Fact]
    public async Task Wrap_up_counts_reasons_and_codes_per_conversation_with_their_shares()
    {
        var wrapUp = await GetAsync<WrapUpReportDto>($"/api/reports/wrapup?{Day}");

        Assert.Equal(3, wrapUp.WrappedUp);
        Assert.Equal([("Question answered", 3, 0.75), ("Information sent", 1, 0.25)], wrapUp.Reasons.Select(r => (r.Name, r.Count, r.Share)));
        Assert.Equal([("INFO", 1, 1.0)], wrapUp.TransactionCodes.Select(r => (r.Name, r.Count, r.Share)));
    }

    [Fact]
    public async Task Service_level_is_answered_in_time_of_answered_or_abandoned_against_the_queues_threshold()
    {
        var support = (await GetAsync<ServiceLevelReportDto>($"/api/reports/service-level?{Day}")).Queues.Single(q => q.Queue == "Support");

        // In time (60 s): A, B, E; D waited 100 s; C was abandoned: 3 of 5.
        Assert.Equal((60, 5, 4, 3, 1, 0.6), (support.ThresholdSeconds, support.Received, support.Answered, support.AnsweredInTime, support.Abandoned,
            support.ServiceLevel));
    }

    [Fact]
    public async Task Agents_show_chats_handled_handle_time_time_in_each_state_and_occupancy()
    {
        var report = await GetAsync<AgentsReportDto>($"/api/reports/agents?{Day}");

        var agent1 = report.Agents.Single(a => a.AgentId == day.Ids["agent1"]);
        Assert.Equal((2, 82_500L), (agent1.Handled, agent1.AverageHandleMs)); // A 110 s, B 55 s
        Assert.Equal(1_440_000, agent1.StateMs["Available"]);                  // 09:00-09:02, 09:02:30-09:11, 09:11:30-09:25
        Assert.Equal(60_000, agent1.StateMs["PostProcessing"]);
        Assert.Equal(5_700_000, agent1.StateMs["OnBreak"]);                    // 09:25 to the reading at 11:00
        Assert.Equal((7_200_000L, 165_000L, 0.0229), (agent1.SignedInMs, agent1.HoldingMs, agent1.Occupancy));

        var agent2 = report.Agents.Single(a => a.AgentId == day.Ids["agent2"]);
        Assert.Equal((3, 211_667L), (agent2.Handled, agent2.AverageHandleMs)); // B 160 s, D 200 s, E 275 s
        Assert.Equal((6_390_000L, 120_000L, 390_000L), (agent2.StateMs["Available"], agent2.StateMs["PostProcessing"], agent2.StateMs["OnBreak"]));
        Assert.Equal((6_900_000L, 635_000L, 0.092), (agent2.SignedInMs, agent2.HoldingMs, agent2.Occupancy));

        var others = report.Agents.Where(a => a.AgentId != agent1.AgentId && a.AgentId != agent2.AgentId).ToList();
        Assert.Equal(4, others.Count); // agent3..agent6 never signed in: listed, with nothing counted
        Assert.All(others, a => Assert.Equal((0, 0L, (double?)null), (a.Handled, a.SignedInMs, a.Occupancy)));
        var only = await GetAsync<AgentsReportDto>($"/api/reports/agents?{Day}&agent={day.Ids["agent2"]}");
        Assert.Equal([day.Ids["agent2"]], only.Agents.Select(a => a.AgentId));
    }

    [Fact]
    public async Task Filters_by_agent_and_channel_narrow_every_figure()
    {
        var agent2 = await GetAsync<VolumeReportDto>($"/api/reports/volume?{Day}&agent={day.Ids["agent2"]}");
        Assert.Equal((3, 3, 0, 1), (agent2.Total.Received, agent2.Total.Answered, agent2.Total.Abandoned, agent2.Total.Transferred)); // B, D, E
        var sms = await GetAsync<VolumeReportDto>($"/api/reports/volume?{Day}&channel=sms");
        Assert.Equal(0, sms.Total.Received);
        var webchat = await GetAsync<VolumeReportDto>($"/api/reports/volume?{Day}&channel=webchat");
        Assert.Equal(5, webchat.Total.Received);
    }

    [Fact]
    public async Task A_bar_lists_the_conversations_behind_it_with_a_link_to_the_same_list_in_playback()
    {
        var abandoned = await GetAsync<ReportConversationsDto>($"/api/reports/conversations?{Day}&groupBy=hour&bucket=2026-12-02%2009:00&measure=abandoned");
        var c = Assert.Single(abandoned.Conversations);
        Assert.Equal((day.Ids["C"], "Cat Cole", "abandoned", (long?)null), (c.Id, c.Customer, c.Outcome, c.WaitMs));
        Assert.Equal("/playback?from=2026-12-02T09:00:00Z&to=2026-12-02T10:00:00Z", abandoned.PlaybackUrl);

        var late = await GetAsync<ReportConversationsDto>($"/api/reports/conversations?{Day}&measure=answered-late");
        Assert.Equal([day.Ids["D"]], late.Conversations.Select(x => x.Id));
        var reasonId = (await GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons")).Single(r => r.Name == "Information sent").Id;
        var slice = await GetAsync<ReportConversationsDto>($"/api/reports/conversations?{Day}&reason={reasonId}&agent={day.Ids["agent1"]}");
        var b = Assert.Single(slice.Conversations);
        Assert.Equal((day.Ids["B"], true, 40_000L, 70_000L), (b.Id, b.Transferred, b.FirstResponseMs, b.PostProcessingMs));
        Assert.Equal(["Information sent", "Question answered"], b.WrapUpReasons.Order());
        Assert.Equal($"/playback?agent={day.Ids["agent1"]}&from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z&wrapup={reasonId}", slice.PlaybackUrl);
    }

    [Fact]
    public async Task Each_CSV_has_the_numbers_of_its_JSON()
    {
        var supervisor = await day.Bed.AgentAsync("supervisor");
        var volume = await GetAsync<VolumeReportDto>($"/api/reports/volume?{Day}&groupBy=hour");
        var volumeCsv = Csv(await supervisor.Http.GetStringAsync($"/api/reports/volume?{Day}&groupBy=hour&format=csv"));
        Assert.Equal(["bucket", "received", "answered", "abandoned", "transferred"], volumeCsv[0]);
        Assert.Equal(volume.Buckets.Append(volume.Total).Select(b => $"{b.Bucket},{b.Received},{b.Answered},{b.Abandoned},{b.Transferred}"),
            volumeCsv.Skip(1).Select(r => string.Join(",", r)));

        var speed = (await GetAsync<SpeedReportDto>($"/api/reports/speed?{Day}")).Total;
        var total = Csv(await supervisor.Http.GetStringAsync($"/api/reports/speed?{Day}&format=csv")).Last();
        Assert.Equal(["total", "4", "35", "100", "3", "26.7", "40", "4", "205", "275", "4", "45", "70"], total);
        Assert.Equal(Seconds(speed.Wait.AverageMs), total[2]);

        var agents = await GetAsync<AgentsReportDto>($"/api/reports/agents?{Day}");
        var agentsCsv = Csv(await supervisor.Http.GetStringAsync($"/api/reports/agents?{Day}&format=csv"));
        var agent2 = agents.Agents.Single(a => a.AgentId == day.Ids["agent2"]);
        var row = agentsCsv.Single(r => r[0] == agent2.AgentId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal([agent2.DisplayName, "3", "211.7", .. agents.States.Select(s => Seconds(agent2.StateMs[s])), "6900", "635", "0.092"], row.Skip(1));

        var wrapCsv = Csv(await supervisor.Http.GetStringAsync($"/api/reports/wrapup?{Day}&format=csv"));
        Assert.Equal(["reason,Question answered,3,0.75", "reason,Information sent,1,0.25", "transaction_code,INFO,1,1"],
            wrapCsv.Skip(1).Select(r => $"{r[0]},{r[2]},{r[3]},{r[4]}"));
        var levelCsv = Csv(await supervisor.Http.GetStringAsync($"/api/reports/service-level?{Day}&format=csv"));
        Assert.Equal(["Support", "60", "5", "4", "3", "1", "0.6"], levelCsv.Single(r => r[1] == "Support").Skip(1));

        var list = await GetAsync<ReportConversationsDto>($"/api/reports/conversations?{Day}");
        var listCsv = Csv(await supervisor.Http.GetStringAsync($"/api/reports/conversations?{Day}&format=csv"));
        Assert.Equal(list.Conversations.Select(x => x.Id.ToString(CultureInfo.InvariantCulture)), listCsv.Skip(1).Select(r => r[0]));
        Assert.Equal("2026-12-02T09:10:00+00:00", listCsv.Single(r => r[0] == day.Ids["B"].ToString(CultureInfo.InvariantCulture))[1]);
    }

    [Fact]
    public async Task A_restart_gives_the_same_figures()
    {
        string[] reports = ["volume", "speed", "wrapup", "agents", "service-level", "conversations"];
        var before = new List<string>();
        async Task<string> CsvOf(string report) =>
            await (await day.Bed.AgentAsync("supervisor")).Http.GetStringAsync($"/api/reports/{report}?{Day}&groupBy=hour&format=csv");
        foreach (var r in reports) before.Add(await CsvOf(r));

        await day.RestartAsync();

        for (var i = 0; i < reports.Length; i++)
            Assert.Equal(before[i], await CsvOf(reports[i]));
    }

    [Fact]
    public async Task Bad_filters_are_refused_in_words_all_at_once()
    {
        var supervisor = await day.Bed.AgentAsync("supervisor");
        var response = await supervisor.Http.GetAsync("/api/reports/volume?tz=Mars/Olympus&groupBy=week&queue=billing&from=yesterday&format=pdf");
        Assert.Equal(400, (int)response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        foreach (var field in new[] { "\"tz\"", "\"groupBy\"", "\"queue\"", "\"from\"" }) Assert.Contains(field, problem);

        var tooLong = await supervisor.Http.GetAsync("/api/reports/speed?from=2026-10-01&to=2026-12-02&groupBy=hour");
        Assert.Equal(400, (int)tooLong.StatusCode);
        Assert.Contains("Grouping by hour covers at most 31 days", await tooLong.Content.ReadAsStringAsync());
        var format = await supervisor.Http.GetAsync($"/api/reports/volume?{Day}&format=pdf");
        Assert.Contains("The format is csv", await format.Content.ReadAsStringAsync());
    }

    private static string? Seconds(long? ms) =>
        ms is { } v ? Math.Round(v / 1000.0, 1, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) : "";

    private static List<string[]> Csv(string text) =>
        text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(',')).ToList();
}
