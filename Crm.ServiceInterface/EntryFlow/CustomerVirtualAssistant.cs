using System.Text.RegularExpressions;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>
/// The built-in bot before the queue (the Webex seed's "Customer Virtual Assistant"): greets, answers from the FAQ when a
/// question matches, and hands off to the queue when the customer asks for an agent, after too many questions it could not
/// answer, or after the entry point's number of messages in any case.
/// </summary>
public static partial class CustomerVirtualAssistant
{
    public const string DefaultGreeting = "Hi, I'm the virtual assistant. Ask me a question, or write \"agent\" to talk to a person.";
    public const string NoMatch = "Sorry, I don't have an answer to that. Try other words, or write \"agent\" to talk to a person.";
    public const string HandingOver = "I'm passing you to an agent now; please stay in this chat.";

    [GeneratedRegex(@"\b(agent|agents|human|person|operator|representative|someone)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksForAgent();

    internal static async Task TurnAsync(RoutingTx change, ConversationRow conversation, EntryPointRow entry, EntryState state, long messageId,
        string text, EntryFlowEngine flow)
    {
        var first = state.BotTurns == 0;
        state.BotTurns++;
        if (first) await EntryFlowEngine.SendAutomaticAsync(change, conversation, entry, state, EntryFlowEngine.BotAuthor,
            string.IsNullOrWhiteSpace(entry.BotGreeting) ? DefaultGreeting : entry.BotGreeting);

        string? handoff = null;
        if (AsksForAgent().IsMatch(text)) handoff = "the customer asked for an agent";
        else
        {
            var faq = await change.Connection.QueryAsync<(string Question, string Answer)>(
                "SELECT question, answer FROM faq_answers WHERE queue_id IS NULL OR queue_id = @QueueId", entry, change.Tx);
            if (FaqMatcher.Best(text, faq.ToList()) is { } answer)
                await EntryFlowEngine.SendAutomaticAsync(change, conversation, entry, state, EntryFlowEngine.BotAuthor, answer);
            else if (!first) // a greeting is not a question it failed to answer
            {
                state.BotMisses++;
                if (state.BotMisses < entry.BotMaxMisses)
                    await EntryFlowEngine.SendAutomaticAsync(change, conversation, entry, state, EntryFlowEngine.BotAuthor, NoMatch);
            }
            if (state.BotMisses >= entry.BotMaxMisses) handoff = $"no answer after {state.BotMisses} tries";
            else if (state.BotTurns >= entry.BotMaxMessages) handoff = $"after {state.BotTurns} messages";
        }
        await change.Connection.ExecuteAsync("UPDATE conversations SET bot_turns = @BotTurns, bot_misses = @BotMisses, bot_seen_id = @seen WHERE id = @id",
            new { state.BotTurns, state.BotMisses, seen = messageId, id = conversation.Id }, change.Tx);
        if (handoff is null) return;
        await EntryFlowEngine.SendAutomaticAsync(change, conversation, entry, state, EntryFlowEngine.BotAuthor, HandingOver);
        await flow.HandOffAsync(change, conversation, entry, state, null, handoff);
    }
}

/// <summary>Which FAQ answer a customer's question asks for: the share of the FAQ question's words it uses.</summary>
public static partial class FaqMatcher
{
    private static readonly HashSet<string> Stopwords =
    [
        "the", "and", "you", "your", "how", "what", "can", "for", "are", "with", "does", "have", "has", "from", "this", "that", "will", "when",
        "where", "which", "who", "why", "not", "but", "our", "get", "was", "were", "there", "any", "about", "please", "hello", "thanks", "thank",
        "want", "need", "would", "could", "should", "like", "know", "tell", "much", "many", "some", "its", "it's", "i'm", "may", "also",
    ];

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex Word();

    public static IReadOnlySet<string> Words(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value.Trim('\''))
            .Where(w => w.Length >= 3 && !Stopwords.Contains(w))
            .Select(w => w.Length > 4 && w.EndsWith('s') ? w[..^1] : w).ToHashSet();

    /// <summary>The best answer whose question shares two words with the text, or half of a short question's words; null when none does.</summary>
    public static string? Best(string text, IReadOnlyList<(string Question, string Answer)> faq)
    {
        var asked = Words(text);
        if (asked.Count == 0) return null;
        return faq.Select(f =>
            {
                var words = Words(f.Question);
                var shared = words.Count(asked.Contains);
                return (f.Answer, Shared: shared, Share: words.Count == 0 ? 0 : (double)shared / words.Count);
            })
            .Where(m => m.Shared >= 2 || m.Shared >= 1 && m.Share >= 0.5)
            .OrderByDescending(m => m.Share).ThenByDescending(m => m.Shared)
            .Select(m => m.Answer).FirstOrDefault();
    }
}
