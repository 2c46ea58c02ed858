// Typed client for the Crm.Web HTTP API: cookie auth, JSON in and out, RFC 7807 problems as ApiError.
import type {
  Agent,
  AuditEntry,
  Case,
  CaseQuery,
  CaseReopenPolicy,
  CaseSummary,
  ChannelCheckResult,
  ChannelSettings,
  ChatMessage,
  Conversation,
  ConversationList,
  ConversationView,
  Customer,
  CustomFieldDefinition,
  FaqAnswer,
  ContactHistoryEntry,
  KeywordFilter,
  Offer,
  Paged,
  QueueInfo,
  SaveChannelSettings,
  SaveCustomer,
  SaveCustomField,
  SaveKeywordFilter,
  SocialChannel,
  TransactionCode,
  WrapUpInput,
  WrapUpReason,
} from './types'

export type Role = 'Agent' | 'Supervisor' | 'BackOffice' | 'Admin'
export const allRoles: readonly Role[] = ['Agent', 'Supervisor', 'BackOffice', 'Admin']

export interface Me {
  userName: string
  displayName: string
  roles: string[]
}

export interface User {
  id: number
  userName: string
  displayName: string
  email: string | null
  roles: string[]
  /** Unix milliseconds, UTC. */
  lockedUntil: number | null
  /** Cannot sign in; their history stays. */
  deactivated: boolean
}

export interface UpdateUser {
  displayName: string
  email?: string
  roles: string[]
}

export interface CreateUser {
  userName: string
  displayName: string
  email?: string
  password: string
  roles: string[]
}

export interface ApiKey {
  id: number
  name: string
  prefix: string
  createdAt: number
  revokedAt: number | null
}

/** Returned once, at creation: `key` is never readable again. */
export interface CreatedApiKey {
  id: number
  name: string
  prefix: string
  key: string
  createdAt: number
}

/** The fields of an application/problem+json body that the UI uses. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  errors?: Record<string, string[]>
}

export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string | undefined
  readonly errors: Record<string, string[]>
  readonly problem: Problem

  constructor(status: number, problem: Problem, fallbackTitle: string) {
    const title = problem.title || fallbackTitle || `Request failed (${status})`
    super(problem.detail || title)
    this.name = 'ApiError'
    this.status = status
    this.title = title
    this.detail = problem.detail || undefined
    this.errors = problem.errors ?? {}
    this.problem = problem
  }
}

/** True for a call cancelled through its AbortSignal: not an error to show anyone. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

/** The sentence to show a person for any error thrown by a call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail ?? error.title
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.'
  return error instanceof Error ? error.message : String(error)
}

type UnauthorizedHandler = () => void
let onUnauthorized: UnauthorizedHandler = () => {}

/** Called when a signed-in call answers 401 (session expired or signed out elsewhere). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler
}

interface RequestOptions {
  /** Sign-in and the start-up `me` check treat 401 as an answer, not as an expired session. */
  expectUnauthorized?: boolean
  /** Cancels the call (a search superseded by the next keystroke); it then rejects with an AbortError. */
  signal?: AbortSignal
}

async function request<T>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'

  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: options.signal,
  })

  const text = await response.text()
  let data: unknown = undefined
  if (text && (response.headers.get('Content-Type') ?? '').includes('json')) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }

  if (!response.ok) {
    const problem: Problem = data && typeof data === 'object' ? (data as Problem) : {}
    const error = new ApiError(response.status, problem, response.statusText)
    if (response.status === 401 && !options.expectUnauthorized) onUnauthorized()
    throw error
  }
  return data as T
}

/** The request helper for feature modules (src/admin/adminApi.ts) that keep their calls in their own folder. */
export const adminRequest = <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => request<T>(method, url, body)

const get = <T>(url: string, options?: RequestOptions) => request<T>('GET', url, undefined, options)
const post = <T>(url: string, body?: unknown, options?: RequestOptions) => request<T>('POST', url, body, options)
const put = <T>(url: string, body: unknown) => request<T>('PUT', url, body)
const del = (url: string) => request<void>('DELETE', url)
/** The same calls for a feature's own API module (src/<feature>/api.ts). */
export const http = { get, post, put, del, query }

/** A query string from the parameters that have a value. */
function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

export const api = {
  login: (userName: string, password: string) =>
    post<Me>('/api/auth/login', { userName, password }, { expectUnauthorized: true }),
  logout: () => post<void>('/api/auth/logout', undefined, { expectUnauthorized: true }),
  me: () => get<Me>('/api/auth/me', { expectUnauthorized: true }),

  listUsers: () => get<User[]>('/api/users'),
  createUser: (user: CreateUser) => post<User>('/api/users', user),
  updateUser: (id: number, user: UpdateUser) => put<User>(`/api/users/${id}`, user),
  resetPassword: (id: number, password: string) => post<User>(`/api/users/${id}/reset-password`, { password }),
  /** unlock, deactivate (sessions end at once) or activate. */
  userAccount: (id: number, action: 'unlock' | 'deactivate' | 'activate') => post<User>(`/api/users/${id}/${action}`),

  listApiKeys: (userId: number) => get<ApiKey[]>(`/api/users/${userId}/api-keys`),
  createApiKey: (userId: number, name: string) => post<CreatedApiKey>(`/api/users/${userId}/api-keys`, { name }),
  revokeApiKey: (keyId: number) => del(`/api/api-keys/${keyId}`),

  searchCustomers: (q: string, page = 1, pageSize = 25, signal?: AbortSignal) =>
    get<Paged<Customer>>(`/api/customers${query({ q: q.trim(), page, pageSize })}`, { signal }),
  getCustomer: (id: number) => get<Customer>(`/api/customers/${id}`),
  lookupCustomer: (channel: string, address: string) =>
    get<Customer>(`/api/customers/lookup${query({ channel, address })}`),
  createCustomer: (customer: SaveCustomer) => post<Customer>('/api/customers', customer),
  updateCustomer: (id: number, customer: SaveCustomer) => put<Customer>(`/api/customers/${id}`, customer),
  /** `otherId` (the duplicate) is merged into `id` and is gone afterwards. */
  mergeCustomers: (id: number, otherId: number) => post<Customer>(`/api/customers/${id}/merge`, { otherId }),
  customerHistory: (id: number) => get<AuditEntry[]>(`/api/customers/${id}/history`),
  contactHistory: (id: number, page = 1, pageSize = 50) =>
    get<ContactHistoryEntry[]>(`/api/customers/${id}/conversations${query({ page, pageSize })}`),

  listCustomFields: () => get<CustomFieldDefinition[]>('/api/custom-fields'),
  createCustomField: (field: SaveCustomField) => post<CustomFieldDefinition>('/api/custom-fields', field),
  updateCustomField: (id: number, field: SaveCustomField) => put<CustomFieldDefinition>(`/api/custom-fields/${id}`, field),
  deleteCustomField: (id: number) => del(`/api/custom-fields/${id}`),

  listCases: (filter: CaseQuery, signal?: AbortSignal) => get<Paged<CaseSummary>>(`/api/cases${query({ ...filter })}`, { signal }),
  getCase: (id: number, signal?: AbortSignal) => get<Case>(`/api/cases/${id}`, { signal }),
  assignCase: (id: number, customerId: number) => post<Case>(`/api/cases/${id}/assign`, { customerId }),
  /** A resolution note is required for an orphan case; without one nothing is sent (the body is optional). */
  closeCase: (id: number, resolution?: string) => post<Case>(`/api/cases/${id}/close`, resolution?.trim() ? { resolution: resolution.trim() } : undefined),
  listCaseAgents: () => get<{ id: number; name: string }[]>('/api/cases/agents'),
  reopenCase: (id: number) => post<Case>(`/api/cases/${id}/reopen`),
  addCaseNote: (id: number, text: string) => post<Case>(`/api/cases/${id}/notes`, { text }),

  getCaseReopenPolicy: () => get<CaseReopenPolicy>('/api/settings/case-reopen'),
  setCaseReopenPolicy: (policy: CaseReopenPolicy) => put<CaseReopenPolicy>('/api/settings/case-reopen', policy),

  // Agent desktop
  agentMe: () => get<Agent>('/api/agents/me'),
  /** The chats offered to me and not yet accepted, with their screen pops. */
  myOffers: () => get<Offer[]>('/api/agents/me/offers'),
  breakReasons: () => get<string[]>('/api/agents/break-reasons'),
  /** Available, OnBreak (with a reason code) or Offline; Available also ends post processing. */
  setAgentState: (state: 'Available' | 'OnBreak' | 'Offline', reasonCode?: string) =>
    put<Agent>('/api/agents/me/state', { state, reasonCode }),
  /** For an agent: the other agents who are Available (transfer, conference); for supervisors: everyone. */
  listAgents: () => get<Agent[]>('/api/agents'),
  listQueues: () => get<QueueInfo[]>('/api/queues'),
  listWrapUpReasons: () => get<WrapUpReason[]>('/api/wrapup-reasons'),
  listTransactionCodes: () => get<TransactionCode[]>('/api/transaction-codes'),
  searchFaq: (q: string, signal?: AbortSignal) => get<FaqAnswer[]>(`/api/faq${query({ q: q.trim() })}`, { signal }),

  listConversations: (view: ConversationView, signal?: AbortSignal) =>
    get<ConversationList>(`/api/conversations${query({ view })}`, { signal }),
  /** Reading a conversation marks it read for the caller; `q` keeps only the messages that contain it. */
  getConversation: (id: number, q?: string, signal?: AbortSignal) =>
    get<Conversation>(`/api/conversations/${id}${query({ q: q?.trim() })}`, { signal }),
  acceptConversation: (id: number) => post<Conversation>(`/api/conversations/${id}/accept`),
  rejectConversation: (id: number) => post<void>(`/api/conversations/${id}/reject`),
  sendChatMessage: (id: number, text: string) => post<ChatMessage>(`/api/conversations/${id}/messages`, { text }),
  transferConversation: (id: number, to: { queueId: number } | { agentId: number }) =>
    post<Conversation>(`/api/conversations/${id}/transfer`, to),
  conferenceConversation: (id: number, agentId: number) => post<Conversation>(`/api/conversations/${id}/conference`, { agentId }),
  exitConference: (id: number) => post<Conversation>(`/api/conversations/${id}/exit`),
  endConversation: (id: number) => post<Conversation>(`/api/conversations/${id}/end`),
  sendToInbox: (id: number) => post<Conversation>(`/api/conversations/${id}/send-to-inbox`),
  pickConversation: (id: number) => post<Conversation>(`/api/conversations/${id}/pick`),
  likePost: (id: number) => post<Conversation>(`/api/conversations/${id}/like`),
  moveToPrivate: (id: number, note?: string) => post<Conversation>(`/api/conversations/${id}/move-to-private`, { note }),
  wrapUpConversation: (id: number, input: WrapUpInput) => post<Conversation>(`/api/conversations/${id}/wrapup`, input),
  saveConversationToCrm: (id: number, body: { subject?: string; transactionCodes?: string[] } = {}) =>
    post<Case>(`/api/conversations/${id}/save-to-crm`, body),
}

/** Admin page "Channels": settings (secrets write-only), webhook URLs, credential checks. */
export const channelsAdminApi = {
  list: () => get<ChannelSettings[]>('/api/admin/channels'),
  save: (channel: SocialChannel, settings: SaveChannelSettings) =>
    put<ChannelSettings>(`/api/admin/channels/${channel}`, settings),
  check: (channel: SocialChannel) => post<ChannelCheckResult>(`/api/admin/channels/${channel}/check`),
}

/** Admin page "Channels": keyword filters deciding what happens to public posts (route, ignore, reply automatically). */
export const keywordFiltersApi = {
  list: () => get<KeywordFilter[]>('/api/admin/keyword-filters'),
  add: (filter: SaveKeywordFilter) => post<KeywordFilter>('/api/admin/keyword-filters', filter),
  remove: (id: number) => del(`/api/admin/keyword-filters/${id}`),
}

