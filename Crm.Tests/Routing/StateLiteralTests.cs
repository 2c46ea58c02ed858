using System.Text.RegularExpressions;
using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Routing;

namespace Crm.Tests.Routing;

/// <summary>
/// States are spelled in their transition tables (Routing/AgentStates.cs, Cases/CaseRules.cs); SQL takes them from there
/// (<see cref="ConversationState.OpenStatesSql"/>, <see cref="StateSql.List"/>, parameters). This scans the server's source
/// for a state written as an SQL literal ('Queued') anywhere else.
/// </summary>
public class StateLiteralTests
{
    private static readonly string[] TableFiles = ["Routing/AgentStates.cs", "Cases/CaseRules.cs"];

    private static readonly string[] States =
    [
        .. AgentState.All,
        ConversationState.Queued, ConversationState.Offered, ConversationState.Active, ConversationState.WrapUp, ConversationState.Closed,
        ParticipationState.Done, ParticipationState.Rejected, ParticipationState.Lapsed, ParticipationState.Revoked, ParticipationState.Returned,
        "Open",
    ];

    [Fact]
    public void No_state_is_written_as_an_SQL_literal_outside_the_transition_tables()
    {
        var root = Path.Combine(RepositoryRoot(), "Crm.ServiceInterface");
        // A state written as text, or a state constant quoted by hand ('{AgentState.PostProcessing}') instead of StateSql.Of.
        var literal = new Regex($"'({string.Join('|', States.Distinct())})'|'\\{{(Agent|Conversation|Participation)State\\.\\w+\\}}'");
        var found = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar)[0].Equals("obj", StringComparison.Ordinal)
                && !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar)[0].Equals("bin", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(root, f).Replace('\\', '/'), Count: literal.Matches(File.ReadAllText(f)).Count))
            .Where(f => f.Count > 0 && !TableFiles.Contains(f.File))
            .ToList();

        Assert.NotEmpty(Directory.EnumerateFiles(root, "AgentStates.cs", SearchOption.AllDirectories)); // the scan looks at the real source
        var written = found.Select(f => $"{f.File}: {f.Count}").ToList();
        Assert.True(written.Count == 0,
            $"State literals in SQL outside the transition tables (take them from the tables instead): {string.Join(", ", written)}");
    }

    [Fact]
    public void The_SQL_state_lists_are_the_transition_tables_own()
    {
        Assert.Equal("('Queued', 'Offered', 'Active')", ConversationState.OpenStatesSql);
        Assert.Equal("('Offered', 'Active')", ParticipationState.HeldSql);
        Assert.Equal("('Queued', 'Offered')", ConversationState.WaitingSql);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("CrmSuite.sln not found above the test output.");
    }
}
