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
