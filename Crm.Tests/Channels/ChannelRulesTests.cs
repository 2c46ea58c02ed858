using Crm.ServiceInterface.Channels;

namespace Crm.Tests.Channels;

public class ChannelRulesTests
{
    private const long Hour = 3_600_000, Day = 24 * Hour, Last = 1_750_000_000_000;

    [Theory]
    [InlineData("whatsapp", false, Last + Day)]
    [InlineData("whatsapp", true, Last + Day)] // the tag is Messenger's; WhatsApp needs a template after 24 h
    [InlineData("messenger", false, Last + Day)]
    [InlineData("messenger", true, Last + 7 * Day)]
    [InlineData("sms", true, null)]
    [InlineData("x", false, null)]
    public void Windows_close_where_the_platforms_close_them(string channel, bool tag, long? closesAt) =>
        Assert.Equal(closesAt, MessagingWindow.ClosesAt(channel, Last, tag));

    [Theory]
    [InlineData("whatsapp", 23, false, WindowState.Open)]
    [InlineData("whatsapp", 24, false, WindowState.Closed)]
    [InlineData("messenger", 23, true, WindowState.Open)]
    [InlineData("messenger", 25, false, WindowState.Closed)]
    [InlineData("messenger", 25, true, WindowState.HumanAgentTagRequired)]
    [InlineData("messenger", 7 * 24, true, WindowState.Closed)]
    [InlineData("sms", 1000, false, WindowState.NoWindow)]
    [InlineData("x", 1000, false, WindowState.NoWindow)]
    public void The_state_at_a_moment_says_whether_and_how_to_send(string channel, int hoursLater, bool tag, WindowState expected) =>
        Assert.Equal(expected, MessagingWindow.StateAt(channel, Last, Last + hoursLater * Hour, tag));

    [Fact]
    public void An_unknown_channel_has_no_window_rule() =>
        Assert.Throws<ArgumentException>(() => MessagingWindow.ClosesAt("fax", Last, false));

    [Theory]
    [InlineData(null, "Ana", "hello", "Ana: hello")]
    [InlineData("{name}: ", "Ana", "hello", "Ana: hello")]
    [InlineData("[{name}] ", " Ana ", "hello", "[Ana] hello")]
    [InlineData("{name}: ", "Ana", "Ana: hello", "Ana: hello")] // an outbox retry does not prefix twice
    [InlineData("", "Ana", "hello", "hello")]
    [InlineData("{name}: ", "", "hello", "hello")]
    public void The_agent_name_goes_in_front(string? format, string name, string text, string expected) =>
        Assert.Equal(expected, AgentName.Prefix(format ?? new ChannelsOptions().AgentNamePrefix, name, text));

    [Theory]
    [InlineData("queued", "sent", true)]
    [InlineData("sent", "read", true)]
    [InlineData("read", "delivered", false)]
    [InlineData("delivered", "delivered", false)]
    [InlineData("sent", "failed", true)]
    [InlineData("delivered", "failed", false)]
    [InlineData("failed", "delivered", false)]
    public void Statuses_only_move_forward(string current, string next, bool upgrade) =>
        Assert.Equal(upgrade, DeliveryStatus.IsUpgrade(current, next));

    [Fact]
    public void Every_channel_has_one_adapter_bound_from_the_channels_section()
    {
        var adapters = ChannelAdapters.Create(new ChannelsOptions());
        Assert.Equal(["messenger", "sms", "whatsapp", "x"], adapters.Keys.Order());
        Assert.All(adapters, a => Assert.Equal(a.Key, a.Value.Channel));
    }
}
