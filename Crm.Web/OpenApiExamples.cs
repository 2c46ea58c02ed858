using System.Text.Json.Nodes;
using Crm.ServiceInterface.Integrations;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web;

/// <summary>What each tag of the document covers, for readers of the reference.</summary>
internal static class OpenApiTags
{
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["Auth"] = "Sign in and out with a user name and password (the session cookie), and who is signed in.",
        ["Users"] = "People who sign in, their roles, and their API keys (Admin).",
        ["Cases"] = "Cases on customers and orphan cases for back office: open, assign, note, close, reopen.",
        ["Settings"] = "Contact-center settings, such as when a new contact reopens a customer's last case.",
        ["Customers"] = "The CRM's customers: search, look-up by channel address, identities, custom fields, merging, the screen pop.",
        ["Events"] = "Server-Sent Events: every change a desktop shows, resumable with Last-Event-ID.",
        ["Monitor"] = "The supervisors' live view of agents and queues, agents' timelines and the audit log.",
        ["Supervision"] = "Supervisors in a chat: silent monitor, coaching (whisper), barge-in and take-over.",
        ["Agents"] = "Agents' own state (Available, On Break ...), their offers and the break reasons they pick from.",
        ["Queues"] = "Queues and the wrap-up reasons, transaction codes and FAQ agents use.",
        ["Conversations"] = "Chats: the inbox, accept or reject an offer, reply, transfer, conference, end, wrap up, save to the CRM.",
        ["Web chat"] = "The visitor's side of the built-in web chat (no sign-in; rate-limited per address).",
        ["Channels"] = "Social channels' settings, credential checks and keyword filters for public posts (Admin).",
        ["Administration"] = "Queues, skills, agents' routing profiles and the catalogs agents pick from (Admin).",
        ["Entry flow"] = "What a chat meets before its queue: business hours, special days, emergency message, bots (Admin).",
        ["Webhooks"] = "Incoming webhooks from Meta, Twilio and X, each checked against the platform's signature.",
        ["Outgoing webhooks"] = "Endpoints that receive the contact center's events as signed HTTP POSTs, and their deliveries (Admin).",
    };
}

/// <summary>Request examples for the flows an integration starts with; keyed by operationId.</summary>
internal static class OpenApiExamples
{
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["login"] = """{"userName":"agent1","password":"crm-demo"}""",
        ["createApiKey"] = """{"name":"Order system"}""",
        ["postCustomers"] = """{"name":"Jane Doe","notes":"Prefers e-mail","identities":[{"channel":"email","address":"jane@example.com"}]}""",
        ["postCases"] = """{"subject":"Parcel arrived damaged","priority":"High","customerId":12}""",
        ["close"] = """{"resolution":"Replacement sent with tracking number 1Z999."}""",
        ["putAgentsMeState"] = """{"state":"OnBreak","reasonCode":"Lunch"}""",
        ["start"] = """{"name":"Wendy Web","email":"wendy@example.com"}""",
        ["postWebchatSessionsByIdMessages"] = """{"text":"Hello, where is my order?"}""",
        ["postConversationsByIdMessages"] = """{"text":"Your order ships today."}""",
        ["transfer"] = """{"queueId":2}""",
        ["wrapUp"] = """{"reasonIds":[3],"transactionCodes":["SALE-NEW"]}""",
        ["saveToCrm"] = """{"subject":"Order question","transactionCodes":[]}""",
        ["createWebhookEndpoint"] = """
            {"url":"https://orders.example.com/crm-events","events":["conversation.created","message.created","conversation.ended"],
             "secret":"whsec-2f6c1d0e9a8b7c6d","enabled":true}
            """,
    };

    public static void Apply(OpenApiDocument document)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
            if (operation.OperationId is { } id && Requests.TryGetValue(id, out var example)
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
                media.Example = JsonNode.Parse(example);
    }
}

/// <summary>The outgoing webhooks in the document's own webhooks section: one POST per event type, with its envelope and signature.</summary>
internal static class OpenApiWebhooks
{
    private static readonly (string Type, Type Data, string Summary)[] Events =
    [
        (WebhookEventType.ConversationCreated, typeof(WebhookConversationCreated), "A customer's contact opened a conversation."),
        (WebhookEventType.ConversationEnded, typeof(WebhookConversationEnded), "A conversation ended (wrap-up began) or closed unanswered."),
        (WebhookEventType.MessageCreated, typeof(WebhookMessageCreated), "A message from the customer (in) or to them (out)."),
        (WebhookEventType.CaseCreated, typeof(WebhookCaseChanged), "A case was opened or a transcript saved."),
        (WebhookEventType.CaseClosed, typeof(WebhookCaseChanged), "A case was closed."),
        (WebhookEventType.CustomerCreated, typeof(WebhookCustomerCreated), "A customer record was created."),
        (WebhookEventType.AgentStateChanged, typeof(WebhookAgentStateChanged), "An agent's state changed (Available, On Break, ...)."),
    ];

    public static async Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Webhooks = new Dictionary<string, IOpenApiPathItem>();
        foreach (var (type, data, summary) in Events)
        {
            var schema = await context.GetOrCreateSchemaAsync(data, null, ct);
            document.Components!.Schemas![data.Name] = schema;
            var envelope = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "id", "type", "occurredAt", "data" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable across retries and redeliveries: dedupe on it." },
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(type)!] },
                    ["occurredAt"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "Unix milliseconds (UTC)." },
                    ["data"] = new OpenApiSchemaReference(data.Name, document),
                },
            };
            var operation = new OpenApiOperation
            {
                OperationId = "webhook" + string.Concat(type.Split('.', '_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
                Summary = summary,
                Description = "POSTed to each enabled endpoint subscribed to it, in order per conversation, retried with backoff until it answers 2xx. " +
                    "Check `X-Crm-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body with the endpoint's secret.",
                Tags = new HashSet<OpenApiTagReference> { new("Outgoing webhooks", document) },
                Security = [new OpenApiSecurityRequirement()],
                Parameters =
                [
                    new OpenApiParameter
                    {
                        Name = WebhookSender.SignatureHeader, In = ParameterLocation.Header, Required = true,
                        Description = "sha256=<hex HMAC-SHA256 of the raw body with the secret>", Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                ],
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = envelope } },
                },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = "Any 2xx settles the delivery." },
                    ["400"] = new OpenApiResponse { Description = "Any other answer (or none in time) is retried with backoff for Crm:Webhooks:RetryHours." },
                },
            };
            document.Webhooks[type] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation } };
        }
    }
}
