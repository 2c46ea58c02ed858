// The CRM's shapes as the server sends them (camelCase JSON; times are unix milliseconds, UTC).

/** One page of a longer list. With `totalIsLowerBound` there are at least `total` items. */
export interface Paged<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
  totalIsLowerBound: boolean
}

/** The kinds of identity a customer record holds. */
export type IdentityChannel = 'phone' | 'email' | 'messenger' | 'x' | 'webchat'
export const identityChannels: readonly IdentityChannel[] = ['phone', 'email', 'messenger', 'x', 'webchat']

export interface Identity {
  channel: IdentityChannel
  address: string
  /** How to show it, e.g. an X handle. */
  display: string | null
}

export interface Customer {
  id: number
  name: string
  notes: string | null
  customFields: Record<string, string | null>
  identities: Identity[]
  createdAt: number
  updatedAt: number
}

export interface IdentityInput {
  channel: string
  address: string
  display?: string
}

/** The body of POST /api/customers and PUT /api/customers/{id} (PUT replaces the whole record). */
export interface SaveCustomer {
  name: string
  notes?: string
  customFields: Record<string, string>
  identities: IdentityInput[]
}

export type CustomFieldType = 'text' | 'number' | 'date' | 'url' | 'picklist'
export const customFieldTypes: readonly CustomFieldType[] = ['text', 'number', 'date', 'url', 'picklist']

export interface CustomFieldDefinition {
  id: number
  key: string
  label: string
  type: CustomFieldType
  options: string[]
  sortOrder: number
}

export interface SaveCustomField {
  key: string
  label: string
  type: CustomFieldType
  options: string[]
  sortOrder: number
}

/** A change to a customer record (created, updated, merged). */
export interface AuditEntry {
  at: number
  userName: string | null
  action: string
  detail: string | null
}

/** One earlier contact with the customer: a case saved from a chat, or a conversation. */
export interface Interaction {
  kind: 'case' | 'conversation'
  id: number
  channel: string | null
  summary: string
  agentName: string | null
  at: number
}

export type CaseStatus = 'Open' | 'Closed'

export interface CaseSummary {
  id: number
  /** e.g. "CS-000123" */
  number: string
  subject: string
  status: CaseStatus
  priority: string
  customerId: number | null
  customerName: string | null
  channel: string | null
  createdAt: number
  updatedAt: number
  closedAt: number | null
}

export interface NamedItem {
  id: number
  name: string
}

export interface CaseNote {
  id: number
  text: string
  authorName: string | null
  createdAt: number
}

export interface CaseHistoryEntry {
  action: string
  detail: string | null
  userName: string | null
  at: number
}

export interface Case extends CaseSummary {
  conversationId: number | null
  transcript: string | null
  wrapUpReasons: NamedItem[]
  transactionCodes: NamedItem[]
  notes: CaseNote[]
  history: CaseHistoryEntry[]
}

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

export interface CaseReopenPolicy {
  mode: CaseReopenMode
  days: number | null
}

// ---------- Agent desktop: agents, queues, conversations, offers (times are unix milliseconds) ----------

export type AgentStateName = 'Offline' | 'Available' | 'OnBreak' | 'RONA' | 'PostProcessing'

/** An agent's state and load; `load` counts the chats held (offered or active) against `capacity`. */
export interface Agent {
  id: number
  userName: string
  displayName: string
  state: AgentStateName
  reasonCode: string | null
  since: number
  load: number
  capacity: number
  postProcessingUntil: number | null
  canReject: boolean
  queues: string[]
}

export interface QueueInfo {
  id: number
  name: string
  skills: string[]
  agents: string[]
  acceptanceSeconds: number
  postProcessingSeconds: number
  transactionCodesMandatory: boolean
  waiting: number
  oldestWaitingSince: number | null
}

export interface WrapUpReason {
  id: number
  name: string
}

export interface TransactionCode {
  id: number
  code: string
  name: string
}

export interface FaqAnswer {
  id: number
  question: string
  answer: string
  queue: string | null
  tags: string[]
  /** The queues the answer is for (none: every queue). */
  queues: string[]
}

export type ConversationState = 'Queued' | 'Offered' | 'Active' | 'WrapUp' | 'Closed'
export type ParticipationState = 'Offered' | 'Active' | 'WrapUp' | 'Done' | 'Rejected' | 'Lapsed' | 'Revoked' | 'Returned'
export type ParticipationKind = 'route' | 'transfer' | 'conference'
export type MessageStatus = 'received' | 'queued' | 'retrying' | 'sent' | 'delivered' | 'read' | 'failed'

export interface ChatMessage {
  id: number
  /** "whisper": coaching from a supervisor, seen by the chat's agents and supervisors only. */
  direction: 'in' | 'out' | 'system' | 'whisper'
  authorKind: 'customer' | 'agent' | 'bot' | 'system' | 'supervisor'
  authorName: string | null
  text: string
  channelMessageId: string | null
  status: MessageStatus
  error: string | null
  sentAt: number
  /** While retrying: when the platform is tried again (error says why it refused). */
  nextAttemptAt?: number | null
  sendAttempts?: number
}

/** One agent's part in a conversation: the owner's (route, transfer) or a conference guest's. */
export interface Participant {
  id: number
  agentId: number
  agentName: string
  kind: ParticipationKind
  state: ParticipationState
  offeredAt: number
  expiresAt: number | null
  acceptedAt: number | null
}

export interface Conversation {
  id: number
  channel: string
  address: string
  state: ConversationState
  queueId: number
  queueName: string
  customerId: number | null
  customerName: string | null
  ownerId: number | null
  ownerName: string | null
  source: string | null
  waitingSince: number
  createdAt: number
  endedAt: number | null
  closedAt: number | null
  participants: Participant[]
  messages: ChatMessage[]
  /** The viewer's latest part in it, if any. */
  mine: Participant | null
  transactionCodesMandatory: boolean
  /** When WhatsApp's or Messenger's messaging window closes (unix ms); null when the channel has none. */
  windowClosesAt: number | null
  /** A public post (X mention): replies go under the post until moved to private messages. */
  public: boolean
}

/** A row of the Inbox or "Assigned to you" list. */
export interface ConversationSummary {
  id: number
  channel: string
  state: ConversationState
  queueName: string
  customerId: number | null
  customerName: string | null
  address: string
  lastMessageAt: number | null
  lastMessagePreview: string | null
  unread: number
  waitingSince: number
}

export interface ConversationGroup {
  channel: string
  unread: number
  conversations: ConversationSummary[]
}

export type ConversationView = 'inbox' | 'assigned'

export interface ConversationList {
  view: ConversationView
  total: number
  groups: ConversationGroup[]
}

/** The new-customer form of a screen pop, filled with what the channel told us. */
export interface NewCustomerPrefill {
  channel: string
  address: string
  suggestedName: string | null
  customFields: CustomFieldDefinition[]
}

/** What pops with an offer: the known record, candidates the auto-created record may duplicate, or a new record to complete. */
export interface ScreenPop {
  kind: 'customer' | 'candidates' | 'new'
  customer: Customer | null
  recentCases: CaseSummary[]
  recentInteractions: Interaction[]
  candidates: Customer[]
  newCustomer: NewCustomerPrefill | null
}

/** A chat offered to the signed-in agent (the `offer` event). */
export interface Offer {
  participationId: number
  conversationId: number
  kind: ParticipationKind
  channel: string
  address: string
  queueName: string
  customerName: string | null
  source: string | null
  fromAgent: string | null
  offeredAt: number
  expiresAt: number
  screenPop: ScreenPop
  transcript: ChatMessage[]
}

export interface WrapUpInput {
  reasonIds: number[]
  transactionCodes: string[]
}

/** A social channel on the admin page "Channels". */
export type SocialChannel = 'messenger' | 'whatsapp' | 'sms' | 'x'

/**
 * One channel's settings in force (GET /api/admin/channels): each secret only as whether it is set, never its value.
 * Settings of other channels are absent.
 */
export interface ChannelSettings {
  channel: SocialChannel
  label: string
  /** Who runs it ("Meta", "Twilio", "X"): where the webhook URL is pasted. */
  platform: string
  webhookUrl: string
  /** Put in front of each agent reply; "{name}" is the agent's display name, empty turns it off. */
  agentNamePrefix: string
  /** The credentials a send (and the credential check) needs are all set. */
  configured: boolean
  apiBaseUrl: string
  /** What a cleared API base URL goes back to. */
  defaultApiBaseUrl: string
  appSecretSet?: boolean
  verifyTokenSet?: boolean
  pageAccessTokenSet?: boolean
  humanAgentTagEnabled?: boolean
  accessTokenSet?: boolean
  phoneNumberId?: string
  accountSid?: string
  authTokenSet?: boolean
  fromNumber?: string
  publicBaseUrl?: string
  consumerSecretSet?: boolean
  bearerTokenSet?: boolean
  accountId?: string
}

/** PUT /api/admin/channels/{channel}: a setting left out keeps its value, "" clears it. */
export interface SaveChannelSettings {
  apiBaseUrl?: string
  appSecret?: string
  verifyToken?: string
  pageAccessToken?: string
  humanAgentTagEnabled?: boolean
  accessToken?: string
  phoneNumberId?: string
  accountSid?: string
  authToken?: string
  fromNumber?: string
  publicBaseUrl?: string
  consumerSecret?: string
  bearerToken?: string
  accountId?: string
}

/** The platform's answer to its "who am I" call with the saved credentials. */
export interface ChannelCheckResult {
  ok: boolean
  /** The platform's HTTP status; null when it was not called (not configured) or could not be reached. */
  status: number | null
  detail: string
  /** The call made, without credentials, e.g. "GET https://api.x.com/2/users/me". */
  request: string | null
}

/** What happens to a public post (an X mention) whose text contains a filter's keyword. */
export type KeywordFilterAction = 'route' | 'ignore' | 'auto_reply'
export const keywordFilterActions: readonly KeywordFilterAction[] = ['route', 'ignore', 'auto_reply']

/**
 * A keyword filter for public posts (GET /api/admin/keyword-filters, in the order they are applied): the first filter
 * whose keyword appears in a post decides; a post matching none is routed to an agent.
 */
export interface KeywordFilter {
  id: number
  keyword: string
  action: KeywordFilterAction
  /** The automatic reply; null unless the action is "auto_reply". */
  replyText: string | null
  sortOrder: number
}

/** POST /api/admin/keyword-filters: `replyText` is required for "auto_reply" (at most 280 characters). */
export interface SaveKeywordFilter {
  keyword: string
  action: KeywordFilterAction
  replyText?: string
  sortOrder: number
}
