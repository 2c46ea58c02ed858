// The agent desktop's state, shared by its components: the agent, pending offers, the Inbox and "Assigned to you"
// lists, the open conversations (one tab each), the screen pops (deskLive.ts keeps all of it current from /api/events).
// It lives for the whole signed-in session, so a visit to a customer record does not drop the feed.
import { reactive } from 'vue'
import { api, ApiError, errorMessage } from '../api'
import type {
  Agent,
  ChatMessage,
  Conversation,
  ConversationList,
  Offer,
  ParticipationKind,
  QueueInfo,
  ScreenPop,
  TransactionCode,
  WrapUpReason,
} from '../types'
import type { ConnectionState } from './liveEvents'

export interface Toast {
  id: number
  kind: 'info' | 'ok' | 'error'
  text: string
  link?: { href: string; label: string }
}

export const desk = reactive({
  started: false,
  me: null as Agent | null,
  meError: null as string | null,
  connection: 'connecting' as ConnectionState,
  offers: [] as Offer[],
  /** Offers being accepted or rejected right now (by participation id). */
  settling: [] as number[],
  inbox: null as ConversationList | null,
  assigned: null as ConversationList | null,
  listError: null as string | null,
  conversations: {} as Record<number, Conversation>,
  /** Conversation ids with a workspace tab, in tab order. */
  tabs: [] as number[],
  /** Tabs opened from the Inbox to look at a waiting chat (not the agent's). */
  previews: [] as number[],
  activeId: null as number | null,
  /** Screen pops by conversation id: they came with the offer and stay beside the chat. */
  pops: {} as Record<number, ScreenPop>,
  /** Live agent states from agent-state events (for the transfer and conference lists). */
  agentStates: {} as Record<number, { state: string; reasonCode: string | null }>,
  queues: [] as QueueInfo[],
  reasons: [] as WrapUpReason[],
  codes: [] as TransactionCode[],
  toasts: [] as Toast[],
  /** The side pane's tab: the screen pop, the contact history, or FAQ answers to insert. */
  auxTab: 'customer' as 'customer' | 'history' | 'faq',
  /** Bumped when a case is saved from a chat, so the pop's recent cases are read again. */
  casesVersion: 0,
  /** A sentence for screen readers about what just happened (an offer arrived, a chat was taken back). */
  announcement: '',
})

export const offersKey = 'crm.desktop.offers'
export const popsKey = 'crm.desktop.pops'
export const activeKey = 'crm.desktop.active'

export function loadSession<T>(key: string, fallback: T): T {
  try {
    const text = sessionStorage.getItem(key)
    return text ? (JSON.parse(text) as T) : fallback
  } catch {
    return fallback
  }
}
export function saveSession(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Private mode or full: the desktop still works, it just forgets on reload.
  }
}

// ---------- Toasts ----------

let toastId = 0
export function toast(kind: Toast['kind'], text: string, link?: Toast['link']): void {
  const id = ++toastId
  desk.toasts.push({ id, kind, text, link })
  if (desk.toasts.length > 4) desk.toasts.shift()
  setTimeout(() => dismissToast(id), kind === 'error' ? 15000 : 8000)
}
export function dismissToast(id: number): void {
  const i = desk.toasts.findIndex((t) => t.id === id)
  if (i >= 0) desk.toasts.splice(i, 1)
}

export function announce(text: string): void {
  // Cleared first so the same sentence twice is still read out.
  desk.announcement = ''
  setTimeout(() => (desk.announcement = text), 50)
}

// ---------- Names ----------

export function offerTitle(offer: Offer): string {
  return offer.customerName || offer.addressFormatted
}

export function conversationTitle(c: { customerName: string | null; addressFormatted: string }): string {
  return c.customerName || c.addressFormatted
}

export function kindLabel(kind: ParticipationKind): string {
  return kind === 'conference' ? 'Conference request' : kind === 'transfer' ? 'Transferred chat' : 'New chat'
}

// ---------- Agent state ----------

export async function refreshMe(): Promise<void> {
  try {
    desk.me = await api.agentMe()
    desk.meError = null
  } catch (e) {
    desk.meError = errorMessage(e)
  }
}

/** Sets the agent's state; returns the refusal's sentence (409 detail) or null. */
export async function setState(state: 'Available' | 'OnBreak' | 'Offline', reasonCode?: string): Promise<string | null> {
  try {
    desk.me = await api.setAgentState(state, reasonCode)
    return null
  } catch (e) {
    return errorMessage(e)
  }
}

// ---------- Lists ----------

let listTimer: ReturnType<typeof setTimeout> | undefined
export function cancelListRefresh(): void {
  clearTimeout(listTimer)
}
/** Lists, the agent and the tabs are refreshed together, a moment after the last event of a burst. */
export function refreshListsSoon(): void {
  clearTimeout(listTimer)
  listTimer = setTimeout(() => void refreshLists(), 250)
}

export async function refreshLists(): Promise<void> {
  clearTimeout(listTimer)
  try {
    const [inbox, assigned] = await Promise.all([api.listConversations('inbox'), api.listConversations('assigned')])
    desk.inbox = inbox
    desk.assigned = assigned
    desk.listError = null
    syncTabsWithAssigned()
  } catch (e) {
    desk.listError = errorMessage(e)
  }
  void refreshMe()
}

function assignedIds(): number[] {
  return (desk.assigned?.groups ?? []).flatMap((g) => g.conversations.map((c) => c.id))
}

/** Every chat the agent holds or must wrap up has a tab; a tab whose chat is over for the agent closes. */
function syncTabsWithAssigned(): void {
  const mine = assignedIds()
  for (const id of mine) {
    if (!desk.tabs.includes(id)) desk.tabs.push(id)
    desk.previews = desk.previews.filter((p) => p !== id)
    if (!desk.conversations[id]) void loadConversation(id)
  }
  for (const id of [...desk.tabs]) {
    if (mine.includes(id) || desk.previews.includes(id)) continue
    closeTab(id)
  }
  if (desk.activeId === null || !desk.tabs.includes(desk.activeId)) desk.activeId = desk.tabs[0] ?? null
}

// ---------- Conversations ----------

const loadTimers = new Map<number, ReturnType<typeof setTimeout>>()

export async function loadConversation(id: number): Promise<Conversation | null> {
  clearTimeout(loadTimers.get(id))
  loadTimers.delete(id)
  try {
    const conversation = await api.getConversation(id)
    if (desk.tabs.includes(id) || desk.offers.some((o) => o.conversationId === id)) desk.conversations[id] = conversation
    // Reading it marked it read: the unread counts change.
    if (conversation.mine?.state === 'Active') refreshListsSoon()
    return conversation
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) closeTab(id)
    return null
  }
}

export function loadConversationSoon(id: number, delay = 300): void {
  clearTimeout(loadTimers.get(id))
  loadTimers.set(id, setTimeout(() => void loadConversation(id), delay))
}

export function openTab(id: number, options: { preview?: boolean; focus?: boolean } = {}): void {
  if (!desk.tabs.includes(id)) {
    desk.tabs.push(id)
    if (options.preview) desk.previews.push(id)
  }
  if (options.focus !== false) desk.activeId = id
  void loadConversation(id)
}

export function closeTab(id: number): void {
  const index = desk.tabs.indexOf(id)
  if (index < 0) return
  desk.tabs.splice(index, 1)
  desk.previews = desk.previews.filter((p) => p !== id)
  delete desk.conversations[id]
  if (desk.activeId === id) desk.activeId = desk.tabs[Math.min(index, desk.tabs.length - 1)] ?? null
}

/** What the agent may do in this conversation now. */
export function roleIn(c: Conversation): 'owner' | 'guest' | 'wrapup' | 'viewer' {
  const mine = c.mine
  if (!mine) return 'viewer'
  if (mine.state === 'WrapUp') return 'wrapup'
  if (mine.state !== 'Active' || c.state !== 'Active') return 'viewer'
  return mine.kind === 'conference' ? 'guest' : 'owner'
}

export function isMineOpen(c: Conversation): boolean {
  return c.mine?.state === 'Active' || c.mine?.state === 'WrapUp'
}

/** The conference in a conversation, if one is requested or running. */
export function conferenceOf(c: Conversation) {
  return c.participants.find((p) => p.kind === 'conference' && (p.state === 'Offered' || p.state === 'Active')) ?? null
}

/** Puts the answer of an action in place; returns it. */
export function applyConversation(c: Conversation): Conversation {
  if (desk.tabs.includes(c.id)) desk.conversations[c.id] = c
  refreshListsSoon()
  return c
}

export function appendMessage(conversationId: number, message: ChatMessage): void {
  const c = desk.conversations[conversationId]
  if (!c || c.messages.some((m) => m.id === message.id)) return
  c.messages.push(message)
  c.messages.sort((a, b) => a.sentAt - b.sentAt || a.id - b.id)
}

// ---------- Offers ----------

export function saveOffers(): void {
  saveSession(offersKey, desk.offers)
}
export function savePops(): void {
  // Only the pops of chats still on the desktop are kept.
  const keep = new Set([...desk.tabs, ...desk.offers.map((o) => o.conversationId)])
  for (const id of Object.keys(desk.pops).map(Number)) if (!keep.has(id)) delete desk.pops[id]
  saveSession(popsKey, desk.pops)
}

/** Replaces a chat's screen pop (the new record saved, a candidate picked). */
export function setPop(conversationId: number, pop: ScreenPop): void {
  desk.pops[conversationId] = pop
  savePops()
}

export function addOffer(offer: Offer): void {
  if (desk.offers.some((o) => o.participationId === offer.participationId)) return
  desk.offers.push(offer)
  desk.pops[offer.conversationId] = offer.screenPop
  saveOffers()
  savePops()
  announce(`${kindLabel(offer.kind)} from ${offerTitle(offer)} in ${offer.queueName}. Press Alt+A to accept.`)
}

export function removeOffer(participationId: number): Offer | null {
  const i = desk.offers.findIndex((o) => o.participationId === participationId)
  if (i < 0) return null
  const [offer] = desk.offers.splice(i, 1)
  desk.settling = desk.settling.filter((p) => p !== participationId)
  saveOffers()
  return offer ?? null
}

export async function acceptOffer(offer: Offer): Promise<void> {
  if (desk.settling.includes(offer.participationId)) return
  desk.settling.push(offer.participationId)
  try {
    const conversation = await api.acceptConversation(offer.conversationId)
    removeOffer(offer.participationId)
    if (!desk.tabs.includes(conversation.id)) desk.tabs.push(conversation.id)
    desk.previews = desk.previews.filter((p) => p !== conversation.id)
    desk.conversations[conversation.id] = conversation
    desk.activeId = conversation.id
    savePops()
    void refreshLists()
  } catch (e) {
    desk.settling = desk.settling.filter((p) => p !== offer.participationId)
    if (e instanceof ApiError && e.status === 409) removeOffer(offer.participationId)
    toast('error', `The chat from ${offerTitle(offer)} was not accepted: ${errorMessage(e)}`)
    void refreshMe()
  }
}

/** The agent takes a chat waiting in the Inbox (Talkdesk): its preview tab becomes their chat. Throws with the reason on refusal. */
export async function pickFromInbox(id: number): Promise<void> {
  const conversation = await api.pickConversation(id)
  if (!desk.tabs.includes(id)) desk.tabs.push(id)
  desk.previews = desk.previews.filter((p) => p !== id)
  desk.conversations[id] = conversation
  desk.activeId = id
  void refreshLists()
}

export async function rejectOffer(offer: Offer): Promise<void> {
  if (desk.settling.includes(offer.participationId)) return
  desk.settling.push(offer.participationId)
  try {
    await api.rejectConversation(offer.conversationId)
    removeOffer(offer.participationId)
    refreshListsSoon()
  } catch (e) {
    desk.settling = desk.settling.filter((p) => p !== offer.participationId)
    if (e instanceof ApiError && e.status === 409) removeOffer(offer.participationId)
    toast('error', `The chat was not rejected: ${errorMessage(e)}`)
  }
}

