// The desktop's live feed: GET /api/events as Server-Sent Events. The browser reconnects by itself (sending
// Last-Event-ID, and the server replays what was missed); when it gives up (the server answered with an error),
// we reconnect ourselves with ?lastEventId= and a growing pause. `onConnected` runs on every (re)connect.
import { ref, type Ref } from 'vue'

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline'

export interface LiveEvents {
  state: Ref<ConnectionState>
  close(): void
}

// The data is parsed JSON: each handler trusts the server's record for its event name.
type Handler = (data: never) => void

const retryDelaysMs = [1000, 2000, 5000, 10000, 20000]

export function connectLiveEvents(
  handlers: Record<string, Handler>,
  onConnected: () => void,
  onGaveUp: () => void,
): LiveEvents {
  const state = ref<ConnectionState>('connecting')
  let source: EventSource | null = null
  let lastEventId = ''
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  function open(): void {
    if (closed) return
    const url = lastEventId ? `/api/events?lastEventId=${encodeURIComponent(lastEventId)}` : '/api/events'
    const es = new EventSource(url, { withCredentials: true })
    source = es
    es.onopen = () => {
      attempt = 0
      state.value = 'live'
      onConnected()
    }
    es.onerror = () => {
      if (closed) return
      if (!navigator.onLine) state.value = 'offline'
      else state.value = 'reconnecting'
      if (es.readyState === EventSource.CLOSED) {
        // The browser gave up (an error status, e.g. the session expired): try again ourselves.
        es.close()
        if (source === es) source = null
        const delay = retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)]!
        attempt++
        if (attempt === 2) onGaveUp()
        timer = setTimeout(open, delay)
      }
    }
    for (const [name, handler] of Object.entries(handlers)) {
      es.addEventListener(name, (event) => {
        const message = event as MessageEvent<string>
        if (message.lastEventId) lastEventId = message.lastEventId
        let data: never
        try {
          data = JSON.parse(message.data) as never
        } catch {
          return
        }
        handler(data)
      })
    }
  }

  function onOffline(): void {
    state.value = 'offline'
  }
  function onOnline(): void {
    if (state.value === 'offline') state.value = 'reconnecting'
    // Don't wait for the browser's own retry pause once the network is back.
    if (!source || source.readyState !== EventSource.OPEN) {
      clearTimeout(timer)
      source?.close()
      source = null
      open()
    }
  }
  window.addEventListener('offline', onOffline)
  window.addEventListener('online', onOnline)
  open()

  return {
    state,
    close() {
      closed = true
      clearTimeout(timer)
      source?.close()
      source = null
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
    },
  }
}
