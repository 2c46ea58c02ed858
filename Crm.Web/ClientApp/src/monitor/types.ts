// The monitor's contracts, as Crm.ServiceModel/Monitor.cs declares them (GET /api/monitor, the timeline, the audit, pushed events).
import type { components } from '../api/schema'
import type { AgentStateName } from '../types'

export type StateCause = 'Agent' | 'Supervisor' | 'Reject' | 'Lapse' | 'ChatEnded' | 'Timer' | 'Disconnect'

export interface MonitorChat {
  conversationId: number
  customerName: string | null
  address: string
  channel: string
  queue: string
  state: 'Offered' | 'Active'
  /** Accepted at, else offered at (unix ms). */
  since: number
}

export interface MonitorAgent {
  id: number
  userName: string
  displayName: string
  state: AgentStateName
  reasonCode: string | null
  since: number
  cause: StateCause | null
  load: number
  capacity: number
  chats: MonitorChat[]
  queues: string[]
  acceptedToday: number
  rejectedToday: number
  missedToday: number
  averageHandleMsToday: number | null
  connected: boolean
  disconnectedAt: number | null
}

export interface MonitorQueue {
  id: number
  name: string
  waiting: number
  longestWaitSince: number | null
  offered: number
  active: number
  available: number
  agents: number
  /** 0..1, null before any chat of today was answered or abandoned. */
  serviceLevel: number | null
  answeredToday: number
  answeredInTimeToday: number
  abandonedToday: number
  /** Of the waiting ones, those the entry flow holds: closed, special day, emergency, with the bot. */
  held?: components['schemas']['MonitorHeldDto'] | null
}

/** A chat the entry flow holds before its queue, and why. */
export type HeldChat = components['schemas']['HeldChatDto']

export interface MonitorSnapshot {
  agents: MonitorAgent[]
  queues: MonitorQueue[]
  system: { messagesLastMinute: number; oldestUnroutedSince: number | null }
  at: number
  serviceLevelSeconds: number
}

export interface StateInterval {
  state: AgentStateName
  reasonCode: string | null
  from: number
  to: number | null
  cause: StateCause
  changedBy: string | null
}

export interface AgentTimeline {
  agentId: number
  displayName: string
  from: number
  to: number
  intervals: StateInterval[]
}

export interface AuditRecord {
  at: number
  kind: string
  actor: string | null
  actorName: string | null
  entity: string
  entityId: number
  subject: string | null
  detail: string | null
}

/** Event "agent-state". */
export interface AgentStateChanged {
  agentId: number
  state: AgentStateName
  reasonCode: string | null
  since: number
  postProcessingUntil: number | null
  cause: StateCause
  changedBy: string | null
}

/** Event "agent-presence". */
export interface AgentPresenceChanged {
  agentId: number
  connected: boolean
  disconnectedAt: number | null
}

export const causeLabels: Record<StateCause, string> = {
  Agent: 'by the agent',
  Supervisor: 'by a supervisor',
  Reject: 'rejected a chat',
  Lapse: 'missed a chat',
  ChatEnded: 'a chat ended',
  Timer: 'post processing ran out',
  Disconnect: 'desktop disconnected',
}

export function stateText(state: AgentStateName, reasonCode: string | null): string {
  if (state === 'OnBreak') return reasonCode ? `On Break (${reasonCode})` : 'On Break'
  if (state === 'PostProcessing') return 'Post Processing'
  return state
}

/** What the agent's desktop says when a supervisor moved them. */
export function supervisorSetText(event: AgentStateChanged): string {
  const who = event.changedBy ? ` (${event.changedBy})` : ''
  return `Your supervisor${who} set you to ${stateText(event.state, event.reasonCode)}.`
}
