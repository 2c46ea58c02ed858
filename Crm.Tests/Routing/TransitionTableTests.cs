using Crm.ServiceInterface;
using Crm.ServiceInterface.Routing;

namespace Crm.Tests.Routing;

/// <summary>The transition tables on their own: what each allows, what it refuses, and that the engine's moves are all decided.</summary>
public class TransitionTableTests
{
    /// <summary>Every move the engine makes by itself: missed offers, chats ending, timers, lost desktops.</summary>
    public static TheoryData<string, string, StateCause> EngineMoves()
    {
        var data = new TheoryData<string, string, StateCause>();
        (string To, StateCause Cause)[] moves =
        [
            (AgentState.OnBreak, StateCause.Reject), (AgentState.OnBreak, StateCause.Lapse), (AgentState.Rona, StateCause.Reject),
            (AgentState.Rona, StateCause.Lapse), (AgentState.PostProcessing, StateCause.ChatEnded),
        ];
        foreach (var from in AgentState.All)
            foreach (var (to, cause) in moves)
                data.Add(from, to, cause);
        return data;
    }

    [Theory]
    [MemberData(nameof(EngineMoves))]
    public void Every_move_the_engine_makes_from_any_state_is_either_allowed_or_kept_on_purpose(string from, string to, StateCause cause)
    {
        var moves = AgentStateMachine.Decide(from, to, cause);
        Assert.Equal(AgentStateMachine.CanMove(from, to, cause), moves);
    }

    [Fact]
    public void A_missed_offer_takes_an_available_agent_out_of_routing_and_leaves_an_agent_on_break_where_they_are()
    {
        Assert.True(AgentStateMachine.Decide(AgentState.Available, AgentState.OnBreak, StateCause.Lapse));
        Assert.True(AgentStateMachine.Decide(AgentState.Available, AgentState.Rona, StateCause.Reject));
        Assert.False(AgentStateMachine.Decide(AgentState.OnBreak, AgentState.OnBreak, StateCause.Lapse));
        Assert.False(AgentStateMachine.Decide(AgentState.Offline, AgentState.PostProcessing, StateCause.ChatEnded));
    }

    [Fact]
    public void A_person_refused_a_move_hears_why_and_an_engine_move_outside_both_tables_is_a_defect()
    {
        var refused = Assert.Throws<ProblemException>(() => AgentStateMachine.Decide(AgentState.Rona, AgentState.PostProcessing, StateCause.Agent));
        Assert.Equal(409, refused.Status);
        Assert.Equal("An agent cannot go from RONA to PostProcessing.", refused.Message);
        Assert.Throws<InvalidOperationException>(() => AgentStateMachine.Decide(AgentState.OnBreak, AgentState.Available, StateCause.Timer));
        Assert.Throws<InvalidOperationException>(() => AgentStateMachine.Decide(AgentState.OnBreak, AgentState.Offline, StateCause.Disconnect));
    }

    [Fact]
    public void From_RONA_or_On_Break_only_the_agent_or_a_supervisor_brings_them_back()
    {
        foreach (var from in new[] { AgentState.Rona, AgentState.OnBreak })
        {
            Assert.True(AgentStateMachine.CanMove(from, AgentState.Available, StateCause.Agent));
            Assert.True(AgentStateMachine.CanMove(from, AgentState.Available, StateCause.Supervisor));
            foreach (var cause in new[] { StateCause.Reject, StateCause.Lapse, StateCause.ChatEnded, StateCause.Timer, StateCause.Disconnect })
                Assert.False(AgentStateMachine.CanMove(from, AgentState.Available, cause));
        }
    }

    [Theory]
    [InlineData(ConversationState.Queued, ConversationState.Offered, true)]
    [InlineData(ConversationState.Offered, ConversationState.Queued, true)]
    [InlineData(ConversationState.Active, ConversationState.WrapUp, true)]
    [InlineData(ConversationState.Queued, ConversationState.Closed, true)]
    [InlineData(ConversationState.Closed, ConversationState.Queued, false)]
    [InlineData(ConversationState.WrapUp, ConversationState.Active, false)]
    [InlineData(ConversationState.Queued, ConversationState.WrapUp, false)]
    public void A_conversation_moves_only_along_its_table(string from, string to, bool allowed) =>
        Assert.Equal(allowed, ConversationState.CanMove(from, to));

    [Theory]
    [InlineData(ParticipationState.Offered, ParticipationState.Active, true)]
    [InlineData(ParticipationState.Offered, ParticipationState.Lapsed, true)]
    [InlineData(ParticipationState.Active, ParticipationState.Returned, true)]
    [InlineData(ParticipationState.WrapUp, ParticipationState.Done, true)]
    [InlineData(ParticipationState.Lapsed, ParticipationState.Active, false)]
    [InlineData(ParticipationState.Done, ParticipationState.WrapUp, false)]
    [InlineData(ParticipationState.Active, ParticipationState.Lapsed, false)]
    public void A_participation_moves_only_along_its_table(string from, string to, bool allowed) =>
        Assert.Equal(allowed, ParticipationState.CanMove(from, to));

    [Fact]
    public void The_open_and_held_lists_are_the_states_that_count()
    {
        Assert.Equal([ConversationState.Queued, ConversationState.Offered, ConversationState.Active], ConversationState.Open);
        Assert.Equal([ParticipationState.Offered, ParticipationState.Active], ParticipationState.Held);
    }
}
