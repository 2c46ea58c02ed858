using System.Net;
using Crm.ServiceInterface.Channels;
using Crm.Tests.Routing;

namespace Crm.Tests.Channels;

/// <summary>The one channel catalog: every channel in it is complete, and every page that lists channels gets them from it.</summary>
public sealed class ChannelCatalogTests : IAsyncLifetime
{
    private RoutingTestBed bed = null!;

    public Task InitializeAsync()
    {
        bed = new RoutingTestBed();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public void Every_channel_has_its_words_its_entry_kinds_and_an_adapter_unless_it_is_built_in_or_public_only()
    {
        var adapters = ChannelAdapters.Create(new ChannelsOptions());
        foreach (var channel in ChannelCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(channel.Label), channel.Name);
            Assert.StartsWith(channel.Label, channel.ChatLabel);
            Assert.NotEmpty(channel.EntryKinds);
            Assert.Equal(channel.PublicPosts, channel.EntryKinds.Any(k => k.Public));
            Assert.Equal(channel.PrivateMessages, channel.EntryKinds.Any(k => !k.Public));
            var dto = channel.ToDto();
            if (channel.Name == ChannelName.WebChat || !channel.PrivateMessages)
            {
                Assert.Null(channel.Adapter); // web chat is the CRM's own; Facebook page posts arrive on Messenger's webhook
                continue;
            }
            Assert.Equal(channel.Name, adapters[channel.Name].Channel);
            Assert.NotNull(dto.Setup);
            Assert.Contains(dto.Setup.Fields, f => f.Name == "apiBaseUrl");
        }
        Assert.Equal(adapters.Keys.Order(), ChannelCatalog.All.Where(c => c.Adapter is not null).Select(c => c.Name).Order());
        Assert.Equal(ChannelCatalog.EntryKinds.Count, ChannelCatalog.EntryKinds.Distinct().Count());
    }

    [Fact]
    public void Every_setting_on_a_card_is_one_the_save_takes_and_the_admin_view_shows()
    {
        var saved = typeof(SaveChannelSettings).GetProperties().Select(p => p.Name.ToLowerInvariant()).ToHashSet();
        var shown = typeof(ChannelAdminView).GetProperties().Select(p => p.Name.ToLowerInvariant()).ToHashSet();
        foreach (var field in ChannelCatalog.All.Select(c => c.ToDto().Setup).OfType<ChannelSetupDto>().SelectMany(s => s.Fields))
        {
            Assert.Contains(field.Name.ToLowerInvariant(), saved);
            Assert.Contains(field.Kind == ChannelSettingKind.Secret ? field.Name.ToLowerInvariant() + "set" : field.Name.ToLowerInvariant(), shown);
            Assert.False(string.IsNullOrWhiteSpace(field.Label), field.Name);
            Assert.Equal(field.Kind == ChannelSettingKind.Flag, field.MaxLength is null);
        }
    }

    [Theory]
    [InlineData("agent1")]
    [InlineData("supervisor")]
    [InlineData("backoffice")]
    [InlineData("admin")]
    public async Task Every_role_reads_the_catalog_and_the_admin_page_has_a_card_for_each_configurable_channel(string role)
    {
        var catalog = await (await bed.AgentAsync(role)).GetAsync<ChannelCatalogDto>("/api/channels/catalog");
        Assert.Equal(ChannelCatalog.All.Select(c => c.Name), catalog.Channels.Select(c => c.Name));
        var messenger = catalog.Channels.Single(c => c.Name == ChannelName.Messenger);
        Assert.Equal((24 * 3_600_000L, 7 * 24 * 3_600_000L), (messenger.Window!.StandardMs, messenger.Window.HumanAgentTagMs));
        Assert.Equal(["x", "x-public"], catalog.Channels.Single(c => c.Name == ChannelName.X).EntryKinds.Select(k => k.Kind));
        if (role != "admin") return;
        var cards = await (await bed.AgentAsync(role)).GetAsync<List<ChannelAdminView>>("/api/admin/channels");
        Assert.Equal(catalog.Channels.Where(c => c.Setup is not null).Select(c => c.Name), cards.Select(c => c.Channel));
    }

    [Fact]
    public async Task Playback_filters_by_every_channel_and_entry_kind_of_the_catalog()
    {
        var supervisor = await bed.AgentAsync("supervisor");
        foreach (var value in ChannelCatalog.All.Select(c => c.Name).Concat(ChannelCatalog.EntryKinds).Distinct())
        {
            using var response = await supervisor.RawAsync(HttpMethod.Get, $"/api/playback?channel={value}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var fax = await supervisor.RawAsync(HttpMethod.Get, "/api/playback?channel=fax");
        Assert.Equal(HttpStatusCode.BadRequest, fax.StatusCode);
    }
}
