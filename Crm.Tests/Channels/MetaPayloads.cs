using System.Text.Json.Nodes;

namespace Crm.Tests.Channels;

/// <summary>Meta webhook bodies (Messenger, WhatsApp) shaped as the shared payloads, for the channel and fault tests.</summary>
public static class MetaPayloads
{
    public const string PhoneNumberId = "106540352242922";

    public static string WhatsAppText(string from, string id, string text, DateTimeOffset at)
    {
        var payload = SharedChannelFiles.Json("whatsapp-inbound-text.json");
        var value = payload["entry"]![0]!["changes"]![0]!["value"]!;
        value["contacts"]![0]!["wa_id"] = from;
        var message = value["messages"]![0]!;
        message["from"] = from;
        message["id"] = id;
        message["timestamp"] = at.ToUnixTimeSeconds().ToString();
        message["text"]!["body"] = text;
        return payload.ToJsonString();
    }

    public static string WhatsAppStatus(string messageId, string status, string? error = null, string? reference = null)
    {
        var statusNode = new JsonObject
        {
            ["id"] = messageId, ["status"] = status, ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(), ["recipient_id"] = "16505551111",
        };
        if (reference is not null) statusNode["biz_opaque_callback_data"] = reference; // the CRM's reference, echoed by WhatsApp
        if (error is not null) statusNode["errors"] = new JsonArray(new JsonObject { ["code"] = 131026, ["title"] = error });
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "102290129340398",
                ["changes"] = new JsonArray(new JsonObject
                {
                    ["field"] = "messages",
                    ["value"] = new JsonObject
                    {
                        ["messaging_product"] = "whatsapp",
                        ["metadata"] = new JsonObject { ["display_phone_number"] = "15550783881", ["phone_number_id"] = PhoneNumberId },
                        ["statuses"] = new JsonArray(statusNode),
                    },
                }),
            }),
        }.ToJsonString();
    }

    public static string MessengerText(string psid, string mid, string text) => new JsonObject
    {
        ["object"] = "page",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = "999", ["time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["messaging"] = new JsonArray(new JsonObject
            {
                ["sender"] = new JsonObject { ["id"] = psid }, ["recipient"] = new JsonObject { ["id"] = "999" },
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["message"] = new JsonObject { ["mid"] = mid, ["text"] = text },
            }),
        }),
    }.ToJsonString();

    public static string MessengerEcho(string psid, string mid, string text) => new JsonObject
    {
        ["object"] = "page",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = "999", ["time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["messaging"] = new JsonArray(new JsonObject
            {
                ["sender"] = new JsonObject { ["id"] = "999" }, ["recipient"] = new JsonObject { ["id"] = psid },
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ["message"] = new JsonObject { ["is_echo"] = true, ["app_id"] = 1517776481860111, ["mid"] = mid, ["text"] = text },
            }),
        }),
    }.ToJsonString();
}
