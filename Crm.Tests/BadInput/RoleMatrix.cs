namespace Crm.Tests.BadInput;

/// <summary>What a caller gets from an endpoint: through authorization (any answer but 401/403), 403 for the role, or 401.</summary>
public enum Expect { Allowed, Forbidden, SignIn }

/// <summary>Who may call an endpoint: the roles allowed (the other roles get 403, strangers 401), or anyone at all.</summary>
public sealed record Access(IReadOnlySet<string> Roles, bool Anonymous)
{
    public Expect For(string caller) =>
        Anonymous || Roles.Contains(caller) ? Expect.Allowed : caller == RoleCallers.Stranger ? Expect.SignIn : Expect.Forbidden;
}

/// <summary>The role table: one row per "METHOD /route" the app maps. A new endpoint needs its row here (the test says which).</summary>
public static class RoleMatrix
{
    private static Access Only(params string[] roles) => new(roles.ToHashSet(), false);

    /// <summary>No sign-in: the web chat visitor, webhooks (signed by the platform), sign-in itself, health and the API document.</summary>
    private static readonly Access Anyone = new(new HashSet<string>(), true);
    private static readonly Access SignedIn = Only(Roles.Admin, Roles.Supervisor, Roles.BackOffice, Roles.Agent);
    private static readonly Access Staff = SignedIn;
    private static readonly Access Admin = Only(Roles.Admin);
    private static readonly Access Agent = Only(Roles.Agent);
    private static readonly Access AgentsAndSupervisors = Only(Roles.Agent, Roles.Supervisor, Roles.Admin);
    private static readonly Access CaseWork = Only(Roles.Agent, Roles.BackOffice);
    private static readonly Access Supervisors = Only(Roles.Supervisor, Roles.Admin);

    // Keep rows grouped by feature; a feature's rows go together, in the order its Api file maps them.
    public static readonly IReadOnlyDictionary<string, Access> Table = new Dictionary<string, Access>
    {
        ["GET /healthz"] = Anyone,
        ["GET /openapi/{documentName}.json"] = Anyone,
        ["GET /api-docs/scalar.js"] = Anyone,
        ["GET /api-docs/scalar.aspnetcore.js"] = Anyone,
        ["GET /api-docs/favicon.svg"] = Anyone,
        ["GET /api-docs/{documentName?}"] = Anyone,

        ["POST /api/auth/login"] = Anyone,
        ["POST /api/auth/logout"] = Anyone,
        ["GET /api/auth/me"] = SignedIn,
        ["GET /api/events"] = SignedIn,

        ["GET /api/users"] = Admin,
        ["POST /api/users"] = Admin,
        ["GET /api/users/{id:long}/api-keys"] = Admin,
        ["POST /api/users/{id:long}/api-keys"] = Admin,
        ["DELETE /api/api-keys/{id:long}"] = Admin,

        ["GET /api/cases/"] = Staff,
        ["GET /api/cases/{id:long}"] = Staff,
        ["POST /api/cases/"] = CaseWork,
        ["POST /api/cases/{id:long}/assign"] = CaseWork,
        ["POST /api/cases/{id:long}/close"] = CaseWork,
        ["POST /api/cases/{id:long}/reopen"] = CaseWork,
        ["POST /api/cases/{id:long}/notes"] = CaseWork,
        ["GET /api/settings/case-reopen"] = SignedIn,
        ["PUT /api/settings/case-reopen"] = Admin,

        ["GET /api/customers/"] = Staff,
        ["GET /api/customers/lookup"] = Staff,
        ["GET /api/customers/{id:long}"] = Staff,
        ["GET /api/customers/{id:long}/conversations"] = Staff,
        ["GET /api/customers/{id:long}/history"] = Staff,
        ["POST /api/customers/"] = Staff,
        ["PUT /api/customers/{id:long}"] = Staff,
        ["POST /api/customers/{id:long}/merge"] = Staff,
        ["GET /api/custom-fields/"] = Staff,
        ["POST /api/custom-fields/"] = Admin,
        ["PUT /api/custom-fields/{id:long}"] = Admin,
        ["DELETE /api/custom-fields/{id:long}"] = Admin,
        ["GET /api/screenpop"] = Staff,

        ["GET /api/agents/"] = AgentsAndSupervisors,
        ["GET /api/agents/me"] = Agent,
        ["GET /api/agents/me/offers"] = Agent,
        ["GET /api/agents/break-reasons"] = AgentsAndSupervisors,
        ["PUT /api/agents/me/state"] = Agent,
        ["GET /api/queues"] = Staff,
        ["GET /api/wrapup-reasons"] = Staff,
        ["GET /api/transaction-codes"] = Staff,
        ["GET /api/faq"] = Staff,

        ["GET /api/conversations/"] = AgentsAndSupervisors,
        ["GET /api/conversations/{id:long}"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/accept"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/reject"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/messages"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/transfer"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/conference"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/exit"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/end"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/send-to-inbox"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/wrapup"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/like"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/retweet"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/hide"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/unhide"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/private-reply"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/move-to-private"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/save-to-crm"] = AgentsAndSupervisors,

        ["PUT /api/users/{id:long}"] = Admin,
        ["POST /api/users/{id:long}/reset-password"] = Admin,
        ["POST /api/users/{id:long}/unlock"] = Admin,
        ["POST /api/users/{id:long}/deactivate"] = Admin,
        ["POST /api/users/{id:long}/activate"] = Admin,
        ["GET /api/cases/agents"] = Staff,
        ["GET /api/agents/{id:long}/timeline"] = AgentsAndSupervisors,
        ["GET /api/conversations/{id:long}/supervision"] = AgentsAndSupervisors,
        ["POST /api/conversations/{id:long}/pick"] = AgentsAndSupervisors,
        ["GET /api/admin/queues/"] = Admin,
        ["POST /api/admin/queues/"] = Admin,
        ["PUT /api/admin/queues/{id:long}"] = Admin,
        ["DELETE /api/admin/queues/{id:long}"] = Admin,
        ["GET /api/admin/skills/"] = Admin,
        ["POST /api/admin/skills/"] = Admin,
        ["PUT /api/admin/skills/{id:long}"] = Admin,
        ["DELETE /api/admin/skills/{id:long}"] = Admin,
        ["GET /api/admin/wrapup-reasons/"] = Admin,
        ["POST /api/admin/wrapup-reasons/"] = Admin,
        ["PUT /api/admin/wrapup-reasons/{id:long}"] = Admin,
        ["DELETE /api/admin/wrapup-reasons/{id:long}"] = Admin,
        ["POST /api/admin/wrapup-reasons/reorder"] = Admin,
        ["GET /api/admin/transaction-codes/"] = Admin,
        ["POST /api/admin/transaction-codes/"] = Admin,
        ["PUT /api/admin/transaction-codes/{id:long}"] = Admin,
        ["DELETE /api/admin/transaction-codes/{id:long}"] = Admin,
        ["POST /api/admin/transaction-codes/reorder"] = Admin,
        ["GET /api/admin/break-reasons/"] = Admin,
        ["POST /api/admin/break-reasons/"] = Admin,
        ["PUT /api/admin/break-reasons/{id:long}"] = Admin,
        ["DELETE /api/admin/break-reasons/{id:long}"] = Admin,
        ["POST /api/admin/break-reasons/reorder"] = Admin,
        ["GET /api/admin/faq/"] = Admin,
        ["POST /api/admin/faq/"] = Admin,
        ["PUT /api/admin/faq/{id:long}"] = Admin,
        ["DELETE /api/admin/faq/{id:long}"] = Admin,
        ["POST /api/admin/faq/reorder"] = Admin,
        ["GET /api/admin/agents/"] = Admin,
        ["PUT /api/admin/agents/{id:long}"] = Admin,
        ["GET /api/admin/entry-points"] = Admin,
        ["POST /api/admin/entry-points"] = Admin,
        ["PUT /api/admin/entry-points/{id:long}"] = Admin,
        ["DELETE /api/admin/entry-points/{id:long}"] = Admin,
        ["GET /api/admin/business-hours"] = Admin,
        ["POST /api/admin/business-hours"] = Admin,
        ["PUT /api/admin/business-hours/{id:long}"] = Admin,
        ["DELETE /api/admin/business-hours/{id:long}"] = Admin,
        ["GET /api/admin/special-days"] = Admin,
        ["POST /api/admin/special-days"] = Admin,
        ["PUT /api/admin/special-days/{id:long}"] = Admin,
        ["DELETE /api/admin/special-days/{id:long}"] = Admin,
        ["GET /api/admin/emergency"] = Admin,
        ["PUT /api/admin/emergency"] = Admin,
        ["GET /api/monitor"] = Supervisors,
        ["GET /api/monitor/held"] = Supervisors,
        ["POST /api/monitor/held/{id:long}/route-now"] = Supervisors,
        ["PUT /api/agents/{id:long}/state"] = Supervisors,
        ["GET /api/audit"] = Supervisors,
        ["GET /api/audit/kinds"] = Supervisors,
        ["GET /api/supervision/chats"] = Supervisors,
        ["POST /api/conversations/{id:long}/monitor"] = Supervisors,
        ["POST /api/conversations/{id:long}/whisper"] = Supervisors,
        ["POST /api/conversations/{id:long}/barge"] = Supervisors,
        ["POST /api/conversations/{id:long}/take-over"] = Supervisors,
        ["POST /api/conversations/{id:long}/leave"] = Supervisors,

        ["GET /api/reports/volume"] = Supervisors,
        ["GET /api/reports/speed"] = Supervisors,
        ["GET /api/reports/wrapup"] = Supervisors,
        ["GET /api/reports/agents"] = Supervisors,
        ["GET /api/reports/service-level"] = Supervisors,
        ["GET /api/reports/conversations"] = Supervisors,
        ["GET /api/playback/"] = Supervisors,
        ["GET /api/playback/export"] = Supervisors,
        ["GET /api/playback/{id:long}"] = Supervisors,
        ["GET /api/playback/{id:long}/transcript"] = Staff,
        ["POST /api/conversations/{id:long}/email-transcript"] = AgentsAndSupervisors,
        ["GET /api/conversations/{id:long}/email-transcript/{emailId:long}"] = AgentsAndSupervisors,
        ["POST /api/webchat/sessions/{id}/email-transcript"] = Anyone,

        ["POST /api/webchat/sessions/"] = Anyone,
        ["GET /api/webchat/sessions/{id}/messages"] = Anyone,
        ["POST /api/webchat/sessions/{id}/messages"] = Anyone,
        ["POST /api/webchat/sessions/{id}/end"] = Anyone,
        ["GET /api/webchat/sessions/{id}/events"] = Anyone,

        ["GET /api/admin/keyword-filters/"] = Admin,
        ["POST /api/admin/keyword-filters/"] = Admin,
        ["DELETE /api/admin/keyword-filters/{id:long}"] = Admin,
        ["GET /api/admin/channels/"] = Admin,
        ["PUT /api/admin/channels/{channel}"] = Admin,
        ["POST /api/admin/channels/{channel}/check"] = Admin,
        ["GET /api/channels/catalog"] = SignedIn,

        ["GET /api/admin/webhooks/"] = Admin,
        ["POST /api/admin/webhooks/"] = Admin,
        ["PUT /api/admin/webhooks/{id:long}"] = Admin,
        ["DELETE /api/admin/webhooks/{id:long}"] = Admin,
        ["GET /api/admin/webhooks/{id:long}/deliveries"] = Admin,
        ["POST /api/admin/webhooks/{id:long}/deliveries/{deliveryId:long}/redeliver"] = Admin,

        ["POST /api/conversations"] = Agent,
        ["GET /api/customers/{id:long}/outbound-channels"] = Agent,
        ["POST /api/conversations/{id:long}/template"] = AgentsAndSupervisors,
        ["GET /api/whatsapp-templates"] = AgentsAndSupervisors,
        ["POST /api/outbound/"] = AgentsAndSupervisors,
        ["GET /api/admin/whatsapp-templates/"] = Admin,
        ["POST /api/admin/whatsapp-templates/"] = Admin,
        ["PUT /api/admin/whatsapp-templates/{id:long}"] = Admin,
        ["DELETE /api/admin/whatsapp-templates/{id:long}"] = Admin,
        ["POST /api/admin/whatsapp-templates/sync"] = Admin,

        ["GET /webhooks/messenger"] = Anyone,
        ["POST /webhooks/messenger"] = Anyone,
        ["GET /webhooks/whatsapp"] = Anyone,
        ["POST /webhooks/whatsapp"] = Anyone,
        ["GET /webhooks/x"] = Anyone,
        ["POST /webhooks/x"] = Anyone,
        ["POST /webhooks/sms/twilio"] = Anyone,
    };
}
