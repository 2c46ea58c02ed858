// The CRM's shapes as the server sends them (camelCase JSON; times are unix milliseconds, UTC). Every DTO here is the
// generated schema's (api/schema.d.ts, from /openapi/v1.json at build time), with the string fields the client switches
// on narrowed to their literal unions: a field the server renames or drops is a type error in `dotnet build`.
import type { components } from './api/schema'

type S = components['schemas']

/** T with some fields narrowed; each must exist in T with a type its narrowed one fits, or this is a type error. */
type Narrow<T, N extends { [K in keyof N]: K extends keyof T ? T[K] : never }> = Omit<T, keyof N> & N

/** One page of a longer list. With `totalIsLowerBound` there are at least `total` items. */
export type Paged<T> = Omit<S['PagedOfCustomerDto'], 'items'> & { items: T[] }

/** The kinds of identity a customer record holds. */
export type IdentityChannel = 'phone' | 'email' | 'messenger' | 'x' | 'webchat'
export const identityChannels: readonly IdentityChannel[] = ['phone', 'email', 'messenger', 'x', 'webchat']

/** One way to reach the customer; `display` is how to show it (an X handle), `formatted` the address as people read it. */
export type Identity = Narrow<S['IdentityDto'], { channel: IdentityChannel; formatted: string }>

export type Customer = Narrow<S['CustomerDto'], { identities: Identity[] }>

export type IdentityInput = S['IdentityInput']

/** The body of POST /api/customers and PUT /api/customers/{id} (PUT replaces the whole record). */
export type SaveCustomer = Narrow<S['CreateCustomer'], { customFields: Record<string, string>; identities: IdentityInput[] }>

export type CustomFieldType = 'text' | 'number' | 'date' | 'url' | 'picklist'
export const customFieldTypes: readonly CustomFieldType[] = ['text', 'number', 'date', 'url', 'picklist']

export type CustomFieldDefinition = Narrow<S['CustomFieldDefinition'], { type: CustomFieldType }>

export type SaveCustomField = Narrow<S['SaveCustomField'], { type: CustomFieldType }>

/** A change to a customer record (created, updated, merged). */
export type AuditEntry = S['AuditEntry']

/** One earlier contact with the customer: a case saved from a chat, or a conversation. */
export type ContactHistoryEntry = Narrow<S['ContactHistoryEntry'], { kind: 'case' | 'conversation' }>

export type CaseStatus = 'Open' | 'Closed'

/** A case; `number` is e.g. "CS-000123". */
export type CaseSummary = Narrow<S['CaseSummary'], { status: CaseStatus }>

export type NamedItem = S['NamedItem']

export type CaseNote = S['CaseNote']

export type CaseHistoryEntry = S['CaseHistoryEntry']

export type Case = Narrow<S['CaseDto'], { status: CaseStatus }>

export interface CaseQuery {
  status?: CaseStatus
  orphan?: boolean
  customerId?: number
  q?: string
  page?: number
  pageSize?: number
}

/** The 8x8 "closed case automatic re-opening" setting. */
export type CaseReopenMode = 'never' | 'always' | 'within'

export type CaseReopenPolicy = Narrow<S['CaseReopenPolicy'], { mode: CaseReopenMode }>

// ---------- Agent desktop: agents, queues, conversations, offers (times are unix milliseconds) ----------

export type AgentStateName = 'Offline' | 'Available' | 'OnBreak' | 'RONA' | 'PostProcessing'

/** Set when the engine put the agent On Break or in RONA after a rejected or lapsed offer. */
export type MissedOffer = NonNullable<S['MissedOffer']>

export type Agent = Narrow<S['AgentDto'], { state: AgentStateName }>

export type QueueInfo = S['QueueDto']

export type WrapUpReason = S['WrapUpReasonDto']

export type TransactionCode = S['TransactionCodeDto']

export type FaqAnswer = S['FaqAnswerDto']

export type ConversationState = 'Queued' | 'Offered' | 'Active' | 'WrapUp' | 'Closed'
export type ParticipationState = 'Offered' | 'Active' | 'WrapUp' | 'Done' | 'Rejected' | 'Lapsed' | 'Revoked' | 'Returned'
export type ParticipationKind = 'route' | 'transfer' | 'conference'
export type MessageStatus = 'received' | 'queued' | 'retrying' | 'sent' | 'delivered' | 'read' | 'failed'

export type ChatMessage = Narrow<
  S['MessageDto'],
  // "whisper": coaching from a supervisor, seen by the chat's agents and supervisors only.
  { direction: 'in' | 'out' | 'system' | 'whisper'; authorKind: 'customer' | 'agent' | 'bot' | 'system' | 'supervisor'; status: MessageStatus }
>

/** One agent's part in a conversation: the owner's (route, transfer) or a conference guest's. */
export type Participant = Narrow<S['ParticipantDto'], { kind: ParticipationKind; state: ParticipationState }>

/** `mine`: the viewer's latest part in it; `windowClosesAt`: when WhatsApp's or Messenger's messaging window closes. */
export type Conversation = Narrow<
  S['ConversationDto'],
  {
    state: ConversationState
    participants: Participant[]
    messages: ChatMessage[]
    mine: Participant | null
    windowClosesAt: number | null
    addressFormatted: string
  }
>

/** A row of the Inbox or "Assigned to you" list. */
export type ConversationSummary = Narrow<S['ConversationListItem'], { state: ConversationState; addressFormatted: string }>

export type ConversationGroup = Narrow<S['ConversationGroup'], { conversations: ConversationSummary[] }>

export type ConversationView = 'inbox' | 'assigned'

export type ConversationList = Narrow<S['ConversationList'], { view: ConversationView; groups: ConversationGroup[] }>

/** The new-customer form of a screen pop, filled with what the channel told us. */
export type NewCustomerPrefill = Narrow<S['NewCustomerForm'], { customFields: CustomFieldDefinition[] }>

/** What pops with an offer: the known record, candidates the auto-created record may duplicate, or a new record to complete. */
export type ScreenPop = Narrow<
  S['ScreenPop'],
  {
    kind: 'customer' | 'candidates' | 'new'
    customer: Customer | null
    recentCases: CaseSummary[]
    recentContactHistory: ContactHistoryEntry[]
    candidates: Customer[]
    newCustomer: NewCustomerPrefill | null
  }
>

/** A chat offered to the signed-in agent (the `offer` event). */
export type Offer = Narrow<
  S['OfferDto'],
  { kind: ParticipationKind; addressFormatted: string; screenPop: ScreenPop; transcript: ChatMessage[] }
>

export type WrapUpInput = S['WrapUpConversation']

/** Every event of GET /api/events by its SSE name, as the server documents them. */
export type PushedEvents = S['PushedEvents']

/** A social channel on the admin page "Channels": a name of the server's channel catalog that has a setup. */
export type SocialChannel = string

/**
 * One channel's settings in force (GET /api/admin/channels): each secret only as whether it is set, never its value.
 * Settings of other channels are absent.
 */
export type ChannelSettings = Narrow<
  S['ChannelAdminView'],
  {
    channel: SocialChannel
    label: string
    platform: string
    webhookUrl: string
    agentNamePrefix: string
    configured: boolean
    apiBaseUrl: string
    defaultApiBaseUrl: string
  }
>

/** PUT /api/admin/channels/{channel}: a setting left out keeps its value, "" clears it. */
export type SaveChannelSettings = S['SaveChannelSettings']

/** The platform's answer to its "who am I" call with the saved credentials. */
export type ChannelCheckResult = S['ChannelCheckResult']

/** What happens to a public post (an X mention) whose text contains a filter's keyword. */
export type KeywordFilterAction = 'route' | 'ignore' | 'auto_reply' | 'auto_like' | 'auto_retweet'
export const keywordFilterActions: readonly KeywordFilterAction[] = ['route', 'ignore', 'auto_reply', 'auto_like', 'auto_retweet']

/**
 * A keyword filter for public posts (GET /api/admin/keyword-filters, in the order they are applied): the first filter
 * whose keyword appears in a post decides; a post matching none is routed to an agent.
 */
export type KeywordFilter = Narrow<S['KeywordFilterDto'], { action: KeywordFilterAction }>

/** POST /api/admin/keyword-filters: `replyText` is required for "auto_reply" (at most 280 characters). */
export type SaveKeywordFilter = Narrow<S['SaveKeywordFilter'], { action: KeywordFilterAction }>
