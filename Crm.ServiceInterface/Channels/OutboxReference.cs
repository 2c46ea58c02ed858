namespace Crm.ServiceInterface.Channels;

/// <summary>The CRM's own reference for an outbound message, sent where a platform hands it back in its webhooks (WhatsApp biz_opaque_callback_data).</summary>
public static class OutboxReference
{
    private const string Prefix = "crm-message-";

    public static string For(long messageId) => Prefix + messageId;

    public static long? MessageId(string? reference) =>
        reference is not null && reference.StartsWith(Prefix, StringComparison.Ordinal) && long.TryParse(reference.AsSpan(Prefix.Length), out var id)
            ? id
            : null;
}
