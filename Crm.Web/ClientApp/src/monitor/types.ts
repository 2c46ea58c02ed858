// The monitor's contracts, from the generated schema (Crm.ServiceModel/Monitor.cs: GET /api/monitor, the timeline, the audit,
// pushed events): a renamed server field is a type error in the build. Only state names are narrowed to the client's unions.
import type { components } from '../api/schema'
import type { AgentStateName } from '../types'

type S = components['schemas']
type Narrow<T, N extends { [K in keyof N]: K extends keyof T ? T[K] : never }> = Omit<T, keyof N> & N

export type StateCause = S['StateCause']

export type MonitorChat = Narrow<S['MonitorChatDto'], { state: 'Offered' | 'Active' }>

export type MonitorAgent = Narrow<S['MonitorAgentDto'], { state: AgentStateName; chats: MonitorChat[] }>

/** Of the waiting ones, `held` counts those the entry flow holds: closed, special day, emergency, with the bot. */
export type MonitorQueue = S['MonitorQueueDto']

/** A chat the entry flow holds before its queue, and why. */
export type HeldChat = S['HeldChatDto']

/** Why the entry flow holds a chat (the OpenAPI document's enum). */
export type HoldKind = S['HoldKind']

export type MonitorSnapshot = Narrow<S['MonitorDto'], { agents: MonitorAgent[] }>

export type StateInterval = Narrow<S['StateIntervalDto'], { state: AgentStateName }>

export type AgentTimeline = Narrow<S['AgentTimelineDto'], { intervals: StateInterval[] }>

export type AuditRecord = S['AuditRecordDto']

/** Event "agent-state". */
export type AgentStateChanged = Narrow<S['AgentStateChanged'], { state: AgentStateName }>

/** Event "agent-presence". */
export type AgentPresenceChanged = S['AgentPresenceChanged']

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
