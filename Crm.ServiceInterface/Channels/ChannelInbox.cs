using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Customers;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// A platform's webhook POST, end to end: the signature on the raw bytes, then every event stored durably (messages once
/// however often they are delivered, statuses as upgrades), and only then the acknowledgement. Routing happens after,
/// in the dispatcher: nothing here calls out to a platform.
/// </summary>
public sealed class ChannelInbox(ChannelRegistry channels, CustomersServices customers, InboundMessages inbound, MessageStatuses statuses,
    PublicPosts publicPosts, PublicPostChanges publicPostChanges)
{
    public async Task<WebhookReply> ReceiveAsync(string channel, byte[] rawBody, IReadOnlyDictionary<string, string> headers, Uri url,
        string? contentType, CancellationToken ct = default)
    {
        var adapter = channels.Get(channel);
        if (!adapter.VerifySignature(rawBody, headers, url))
            throw new ProblemException(403, "Forbidden", $"The {channel} webhook signature is missing or does not match; nothing was stored.");
        foreach (var e in adapter.Parse(rawBody, contentType))
        {
            switch (e)
            {
                case InboundText text:
                    var customer = await customers.ResolveOrCreateAsync(text.Channel, text.Address, text.ProfileName, text.Handle, ct);
                    await inbound.ReceiveAsync(text.ToInboundMessage(customer.Id, customer.Created), ct);
                    break;
                case StatusUpdate status:
                    await statuses.ApplyAsync(status, ct);
                    break;
                case Echo echo:
                    // The business's own message coming back: never the customer's; it settles a send whose answer was lost.
                    await statuses.ApplyEchoAsync(echo, ct);
                    break;
                case PublicMention mention:
                    await publicPosts.ReceiveAsync(mention, ct);
                    break;
                case PublicPostEdited edit:
                    await publicPostChanges.EditAsync(edit, ct);
                    break;
                case PublicPostRemoved removal:
                    await publicPostChanges.RemoveAsync(removal, ct);
                    break;
                case PublicEcho echo:
                    await publicPostChanges.EchoAsync(echo, ct);
                    break;
            }
        }
        return adapter.Acknowledgement;
    }
}
