// The state of one visitor's web chat: the thread (merged by id from GET, POST and Server-Sent Events),
// the live connection, and the "agent ended the chat" markers that survive a reload.
import { computed, onBeforeUnmount, reactive, ref, shallowRef } from 'vue'
import { messageOf, WebChatError, webChatApi } from './client'
import { forgetChat, loadChat, saveChat } from './storage'
import { chatTurn, kindOf, type ChatStatus } from './chatTurn'
import type { StoredChat, StreamEndedEvent, StreamMessageEvent, WebChatMessage } from './types'

export type { ChatStatus }

export type ConnectionState = 'connecting' | 'open' | 'reconnecting'

export type ThreadItem =
  | { key: string; type: 'message'; message: WebChatMessage }
  | { key: string; type: 'ended' }
  | { key: string; type: 'left' }

function byTime(a: WebChatMessage, b: WebChatMessage): number {
  return a.sentAt - b.sentAt || a.id - b.id
}

export function useWebChat() {
  const chat = ref<StoredChat | null>(loadChat())
  const byId = reactive(new Map<number, WebChatMessage>())
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  /** Set when the stored session is unknown to the server (expired, or the database was reset). */
  const lostSession = ref(false)
  const connection = ref<ConnectionState>('connecting')
  const source = shallowRef<EventSource | null>(null)
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let retryDelay = 1000

  const messages = computed(() => [...byId.values()].sort(byTime))
  const endedMarkers = computed(() => Object.values(chat.value?.ended ?? {}).sort((a, b) => a - b))
  const lastEnd = computed(() => endedMarkers.value.at(-1) ?? null)

  /** The visitor ended the chat themselves: the transcript stays, marked, until they start a new one. */
  const left = computed(() => chat.value?.left ?? null)

  /** The thread, with "The chat has ended" after the last message known when each conversation ended. */
  const items = computed<ThreadItem[]>(() => {
    const result: ThreadItem[] = []
    const markers = [...endedMarkers.value]
    for (const message of messages.value) {
      while (markers.length && message.id > markers[0]!) result.push({ key: `ended-${markers.shift()}`, type: 'ended' })
      result.push({ key: `m-${message.id}`, type: 'message', message })
    }
    for (const marker of markers) result.push({ key: `ended-${marker}`, type: 'ended' })
    if (left.value !== null) result.push({ key: 'left', type: 'left' })
    return result
  })

  const turn = computed(() => chatTurn(messages.value, lastEnd.value, left.value))
  const handedBack = computed(() => turn.value.handedBack)
  const status = computed<ChatStatus>(() => turn.value.status)
  const agentName = computed(() => turn.value.agentName)
  /** No person answers yet and the newest answer is automatic. */
  const automatic = computed(() => turn.value.automatic)

  function persist(): void {
    if (chat.value) saveChat(chat.value)
  }

  function merge(message: WebChatMessage): void {
    const known = byId.get(message.id)
    // The customer's own line from the thread has no author name; keep the one the POST answered with.
    byId.set(message.id, known && !message.authorName ? { ...message, authorName: known.authorName } : message)
  }

  function sessionGone(): void {
    lostSession.value = true
    reset()
  }

  async function refresh(): Promise<void> {
    const current = chat.value
    if (!current) return
    try {
      const thread = await webChatApi.messages(current.sessionId)
      if (chat.value?.sessionId !== current.sessionId) return
      thread.forEach(merge)
      loadError.value = null
    } catch (error) {
      if (chat.value?.sessionId !== current.sessionId) return
      if (error instanceof WebChatError && error.status === 404) sessionGone()
      else loadError.value = `The conversation could not be loaded. ${messageOf(error)}`
    } finally {
      loading.value = false
    }
  }

  function rememberEvent(event: MessageEvent): void {
    if (chat.value && event.lastEventId) {
      chat.value.lastEventId = event.lastEventId
      persist()
    }
  }

  function onMessage(event: MessageEvent): void {
    rememberEvent(event)
    let data: StreamMessageEvent
    try {
      data = JSON.parse(event.data as string) as StreamMessageEvent
    } catch {
      return
    }
    const m = data.message
    if (!m || typeof m.id !== 'number') return
    merge({ id: m.id, kind: kindOf(m), authorName: m.authorName ?? null, text: m.text ?? '', sentAt: m.sentAt })
  }

  function onEnded(event: MessageEvent): void {
    rememberEvent(event)
    let data: StreamEndedEvent
    try {
      data = JSON.parse(event.data as string) as StreamEndedEvent
    } catch {
      return
    }
    const current = chat.value
    if (!current) return
    const key = String(data.conversationId)
    const ended = (current.ended ??= {})
    // Wrap-up and close both say "ended": one notice per conversation; none after the visitor's own End chat.
    if (key in ended || current.left !== undefined) return
    ended[key] = Math.max(0, ...byId.keys())
    persist()
  }

  function disconnect(): void {
    clearTimeout(retryTimer)
    retryTimer = undefined
    source.value?.close()
    source.value = null
  }

  function connect(): void {
    disconnect()
    const current = chat.value
    if (!current || typeof EventSource === 'undefined') return
    connection.value = 'connecting'
    const events = new EventSource(webChatApi.eventsUrl(current.sessionId, current.lastEventId))
    source.value = events
    events.addEventListener('open', () => {
      connection.value = 'open'
      retryDelay = 1000
      // Whatever happened while not connected (before the first open, or during a reconnect) comes from the thread.
      void refresh()
    })
    events.addEventListener('message', onMessage)
    events.addEventListener('ended', onEnded)
    events.addEventListener('error', () => {
      if (source.value !== events) return
      connection.value = 'reconnecting'
      if (events.readyState !== EventSource.CLOSED) return // the browser retries by itself, with Last-Event-ID
      // The browser gave up (an error status): find out whether the session still exists, then try again later.
      events.close()
      void refresh().then(() => {
        if (!chat.value || source.value !== events) return
        retryTimer = setTimeout(connect, retryDelay)
        retryDelay = Math.min(retryDelay * 2, 30000)
      })
    })
  }

  /** Continues the chat kept in this tab (after a reload). */
  function resume(): void {
    if (!chat.value) return
    loading.value = true
    void refresh()
    connect()
  }

  async function start(name: string, email: string): Promise<void> {
    const referrer = document.referrer || location.href
    const session = await webChatApi.start({
      name: name.trim(),
      email: email.trim() || undefined,
      source: referrer.slice(0, 500),
    })
    lostSession.value = false
    byId.clear()
    chat.value = { sessionId: session.sessionId, name: session.name, ended: {} }
    persist()
    connect()
  }

  /** Sends the text; the thread shows what the server stored (card numbers masked). Throws on failure. */
  async function send(text: string): Promise<void> {
    const current = chat.value
    if (!current) throw new WebChatError(0, 'Start a chat first.')
    try {
      const sent = await webChatApi.send(current.sessionId, text)
      if (chat.value?.sessionId === current.sessionId) merge(sent)
    } catch (error) {
      if (error instanceof WebChatError && error.status === 404)
        throw new WebChatError(404, 'This chat is no longer available. Choose "New chat" to start again; your text is kept.')
      throw error
    }
  }

  /** End chat: the agent is told the visitor left; the transcript stays visible, marked as ended. Throws when the server did not hear it. */
  async function end(): Promise<void> {
    const current = chat.value
    if (!current || current.left !== undefined) return
    await webChatApi.end(current.sessionId)
    if (chat.value?.sessionId !== current.sessionId) return
    current.left = Math.max(0, ...byId.keys())
    persist()
  }

  /** Forgets this tab's chat (New chat); a chat not yet ended tells the agent the visitor left (best effort: leaving never fails). */
  function reset(): void {
    const leaving = chat.value?.left === undefined ? chat.value?.sessionId : undefined
    if (leaving) void webChatApi.end(leaving).catch(() => undefined)
    disconnect()
    forgetChat()
    chat.value = null
    byId.clear()
    loadError.value = null
    loading.value = false
  }

  onBeforeUnmount(disconnect)

  return {
    chat,
    messages,
    items,
    status,
    agentName,
    automatic,
    handedBack,
    left,
    loading,
    loadError,
    lostSession,
    connection,
    start,
    send,
    resume,
    refresh,
    end,
    reset,
  }
}
