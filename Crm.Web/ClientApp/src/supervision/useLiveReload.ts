// A supervisor page's live feed: the named events of /api/events while the page is open, and coalesced reloads.
import { onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { connectLiveEvents, type ConnectionState, type LiveEvents } from '../desktop/liveEvents'

export function useLiveEvents(handlers: Record<string, (data: unknown) => void>, onConnected: () => void) {
  const state = ref<ConnectionState>('connecting')
  let live: LiveEvents | null = null
  onMounted(() => {
    live = connectLiveEvents(handlers, onConnected, () => {})
    watch(live.state, (s) => (state.value = s), { immediate: true })
  })
  onBeforeUnmount(() => live?.close())
  return state
}

/** Runs `reload` once, `delay` ms after the last of a burst of calls (a busy centre sends many changes a second). */
export function coalesce(reload: () => void, delay = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  onBeforeUnmount(() => clearTimeout(timer))
  return () => {
    clearTimeout(timer)
    timer = setTimeout(reload, delay)
  }
}
