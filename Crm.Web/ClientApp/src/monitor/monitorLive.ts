// The monitor's live data: one snapshot from GET /api/monitor, kept current from /api/events without polling.
// Agent state and presence events patch their row; changes to chats and queues (conversation, inbox events) re-read the
// snapshot, at most once per interval that grows with how long a read takes. Patches are coalesced and applied once per
// tenth of a second, so a burst of events at 1,000 agents is one re-render, not one per event.
import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { errorMessage } from '../api'
import { connectLiveEvents } from '../desktop/liveEvents'
import { monitorApi } from './monitorApi'
import type { AgentPresenceChanged, AgentStateChanged, MonitorAgent, MonitorSnapshot } from './types'

const minRefetchMs = 1000

export function useMonitorLive() {
  const snapshot = shallowRef<MonitorSnapshot | null>(null)
  const agents = shallowRef<MonitorAgent[]>([])
  const error = ref<string | null>(null)
  /** Bumped on every applied change, so an expanded row's timeline knows to re-read. */
  const version = ref(0)

  const patches = new Map<number, Partial<MonitorAgent>>()
  let frame: ReturnType<typeof setTimeout> | undefined
  const flushDelayMs = 100
  let fetching = false
  let fetchAgain = false
  let lastFetchAt = 0
  let lastFetchMs = 0
  let refetchTimer: ReturnType<typeof setTimeout> | undefined

  function patch(agentId: number, change: Partial<MonitorAgent>): void {
    patches.set(agentId, { ...patches.get(agentId), ...change })
    frame ??= setTimeout(flush, flushDelayMs)
  }

  function flush(): void {
    frame = undefined
    if (!patches.size) return
    agents.value = agents.value.map((a) => {
      const change = patches.get(a.id)
      return change ? { ...a, ...change } : a
    })
    patches.clear()
    version.value++
  }

  async function refetch(): Promise<void> {
    if (fetching) {
      fetchAgain = true
      return
    }
    fetching = true
    const started = performance.now()
    try {
      const next = await monitorApi.snapshot()
      lastFetchMs = performance.now() - started
      snapshot.value = next
      // Events that arrived while reading are newer than the snapshot: keep them on top.
      agents.value = next.agents.map((a) => ({ ...a, ...patches.get(a.id) }))
      patches.clear()
      error.value = null
      version.value++
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      fetching = false
      lastFetchAt = Date.now()
      if (fetchAgain) {
        fetchAgain = false
        refetchSoon()
      }
    }
  }

  function refetchSoon(): void {
    if (refetchTimer !== undefined) return
    // A slow read (a very busy center) spaces the re-reads out instead of piling them up.
    const gap = Math.max(minRefetchMs, lastFetchMs * 4)
    const wait = Math.max(0, lastFetchAt + gap - Date.now())
    refetchTimer = setTimeout(() => {
      refetchTimer = undefined
      void refetch()
    }, wait)
  }

  const live = connectLiveEvents(
    {
      'agent-state'(data) {
        const e = data as AgentStateChanged
        patch(e.agentId, { state: e.state, reasonCode: e.reasonCode, since: e.since, cause: e.cause })
      },
      'agent-presence'(data) {
        const e = data as AgentPresenceChanged
        patch(e.agentId, { connected: e.connected, disconnectedAt: e.disconnectedAt })
      },
      conversation: refetchSoon,
      inbox: refetchSoon,
    },
    () => void refetch(),
    () => void refetch(),
  )
  onBeforeUnmount(() => {
    live.close()
    clearTimeout(refetchTimer)
    clearTimeout(frame)
  })

  return { snapshot, agents, error, connection: live.state, version, refetch }
}
