// The desktop's live wiring: what each event of /api/events changes, what a (re)connect re-reads, and the start and
// end of the feed with the signed-in session.
import { watch } from 'vue'
import { api, errorMessage } from '../api'
import { auth } from '../auth'
import type { AgentStateName, ChatMessage, MessageStatus, Offer, PushedEvents, ScreenPop } from '../types'
import {
  activeKey,
  addOffer,
  announce,
  appendMessage,
  cancelListRefresh,
  desk,
  loadConversation,
  loadConversationSoon,
  loadSession,
  offersKey,
  offerTitle,
  openTab,
  popsKey,
  refreshLists,
  refreshListsSoon,
  refreshMe,
  removeOffer,
  savePops,
  saveSession,
  toast,
} from './desk'
import { connectLiveEvents, type LiveEvents } from './liveEvents'
import { supervisorSetText } from '../monitor/types'
import { onSupervisionEvent, onTakenOver } from '../supervision/deskSupervision'

/**
 * After a (re)connect: the server's list of my open offers is the truth (offers made while this page was closed or
 * reloading included, conference invitations too); drop what lapsed meanwhile, add what this page never saw.
 */
async function reconcileOffers(): Promise<void> {
  let open: Offer[]
  try {
    open = await api.myOffers()
  } catch {
    return // unknown: keep what we have, the next event settles it
  }
  const ids = new Set(open.map((o) => o.participationId))
  for (const offer of [...desk.offers]) if (!ids.has(offer.participationId)) removeOffer(offer.participationId)
  for (const offer of open) if (!desk.offers.some((o) => o.participationId === offer.participationId)) addOffer(offer)
}

// ---------- Catalogs ----------

async function loadCatalogs(): Promise<void> {
  try {
    const [queues, reasons, codes] = await Promise.all([api.listQueues(), api.listWrapUpReasons(), api.listTransactionCodes()])
    desk.queues = queues
    desk.reasons = reasons
    desk.codes = codes
  } catch (e) {
    toast('error', `Queues and wrap-up reasons could not be loaded: ${errorMessage(e)}`)
  }
}

// ---------- Live events ----------

// Each event's data is the server's record for that name (PushedEvents, generated from the OpenAPI document).
type EventHandlers = { [Name in keyof PushedEvents]: (data: PushedEvents[Name]) => void } & { inbox(): void }

export const handlers: EventHandlers = {
  offer(data) {
    addOffer(data as Offer)
    refreshListsSoon()
  },
  'offer-revoked'({ participationId, reason }) {
    const offer = removeOffer(participationId)
    if (offer) {
      const who = offerTitle(offer)
      const why =
        reason === 'Lapsed'
          ? `The chat from ${who} was not accepted in time and went back to the queue.`
          : reason === 'Rejected'
            ? `You rejected the chat from ${who}; it went back to the queue.`
            : reason === 'CustomerLeft'
              ? `The chat from ${who} was withdrawn: the customer left before you accepted.`
              : `The chat from ${who} was withdrawn (it ended before you accepted).`
      toast(reason === 'Lapsed' ? 'error' : 'info', why)
      announce(why)
    }
    savePops()
    refreshListsSoon()
  },
  message(data) {
    const { conversationId } = data
    const message = data.message as ChatMessage
    appendMessage(conversationId, message)
    // A notice ("… joined the chat", "… left the chat") means the participants changed: read them again.
    if (message.direction === 'system' && desk.tabs.includes(conversationId)) loadConversationSoon(conversationId, 150)
    // The chat in front of the agent is read as it arrives; reading it again tells the server so.
    if (conversationId === desk.activeId && document.visibilityState === 'visible' && message.direction === 'in')
      loadConversationSoon(conversationId, 800)
    refreshListsSoon()
  },
  // A sent message moved on (retrying with the reason, sent, delivered, read, failed): the thread shows it at once.
  'message-status'({ conversationId, messageId, status, error, nextAttemptAt, sendAttempts }) {
    const message = desk.conversations[conversationId]?.messages.find((m) => m.id === messageId)
    if (message) Object.assign(message, { status: status as MessageStatus, error, nextAttemptAt, sendAttempts })
  },
  // The customer edited or removed a public comment: the thread shows the new text (or the removal) in place.
  'message-edited'({ conversationId, message }) {
    const shown = desk.conversations[conversationId]?.messages.find((m) => m.id === message.id)
    if (shown) Object.assign(shown, message as ChatMessage)
  },
  // A queue changed somewhere: the server coalesces these to one a second; the Inbox is re-read, not patched.
  inbox() {
    refreshListsSoon()
  },
  conversation(event) {
    if (event.wrapUp) {
      // My part ended (I ended or transferred it, or the owner ended the conference): the tab shows the wrap-up.
      if (!desk.tabs.includes(event.conversationId)) openTab(event.conversationId, { focus: desk.activeId === null })
      else loadConversationSoon(event.conversationId, 0)
    } else if (desk.tabs.includes(event.conversationId)) {
      loadConversationSoon(event.conversationId)
    }
    refreshListsSoon()
  },
  // A supervisor stepped into, switched in, or left one of my chats: the chat's indicator shows it.
  supervision: onSupervisionEvent,
  'taken-over': onTakenOver,
  // For the supervisors' monitor: a desktop's presence and the entry flow's holds change nothing on an agent's desk.
  'agent-presence'() {},
  'entry-flow'() {},
  'agent-state'(event) {
    const state = event.state as AgentStateName
    desk.agentStates[event.agentId] = { state, reasonCode: event.reasonCode }
    if (desk.me && event.agentId === desk.me.id) {
      if (event.cause === 'Supervisor') toast('info', supervisorSetText({ ...event, state }))
      else if (event.cause === 'Disconnect') toast('info', 'You were set Offline while your desktop was disconnected; choose Available to take chats again.')
      desk.me.state = state
      desk.me.reasonCode = event.reasonCode
      desk.me.since = event.since
      desk.me.postProcessingUntil = event.postProcessingUntil
      desk.me.missedOffer = event.missedOffer
    }
  },
  // The web chat customer's own event: nothing to do on the desktop.
  ended() {},
}

let live: LiveEvents | null = null

async function onConnected(): Promise<void> {
  await Promise.all([refreshMe(), refreshLists()])
  await Promise.all(desk.tabs.map((id) => loadConversation(id)))
  await reconcileOffers()
}

/** Starts the desktop once per signed-in session (idempotent). */
export function startDesktop(): void {
  if (desk.started) return
  desk.started = true
  desk.offers = loadSession<Offer[]>(offersKey, [])
  desk.pops = loadSession<Record<number, ScreenPop>>(popsKey, {})
  const active = loadSession<number | null>(activeKey, null)
  if (active !== null) desk.activeId = active
  void loadCatalogs()
  live = connectLiveEvents(handlers as Record<string, (data: never) => void>, () => void onConnected(), () => void refreshMe())
  watch(live.state, (s) => (desk.connection = s), { immediate: true })
}

function stopDesktop(): void {
  live?.close()
  live = null
  cancelListRefresh()
  Object.assign(desk, {
    started: false,
    me: null,
    offers: [],
    settling: [],
    inbox: null,
    assigned: null,
    conversations: {},
    tabs: [],
    previews: [],
    activeId: null,
    pops: {},
    toasts: [],
  })
}

watch(() => desk.activeId, (id) => saveSession(activeKey, id))
// Signing out ends the feed: the next agent on this browser starts clean.
watch(
  () => auth.me,
  (me) => {
    if (!me && desk.started) {
      stopDesktop()
      try {
        sessionStorage.removeItem(offersKey)
        sessionStorage.removeItem(popsKey)
      } catch {
        // nothing to forget
      }
    }
  },
)
