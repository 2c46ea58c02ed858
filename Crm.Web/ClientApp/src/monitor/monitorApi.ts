// The monitor's HTTP calls.
import { http } from '../api'
import type { AgentTimeline, AuditRecord, HeldChat, MonitorSnapshot } from './types'

export interface AuditFilter {
  actor?: string
  kind?: string
  from?: string
  to?: string
}

export const monitorApi = {
  snapshot: () => http.get<MonitorSnapshot>('/api/monitor'),
  setAgentState: (agentId: number, body: { state: string; reasonCode?: string; note?: string }) =>
    http.put<unknown>(`/api/agents/${agentId}/state`, body),
  timeline: (agentId: number, from?: string, to?: string) =>
    http.get<AgentTimeline>(`/api/agents/${agentId}/timeline${http.query({ from, to })}`),
  audit: (filter: AuditFilter) => http.get<AuditRecord[]>(`/api/audit${http.query({ ...filter })}`),
  auditKinds: () => http.get<string[]>('/api/audit/kinds'),
  held: () => http.get<HeldChat[]>('/api/monitor/held'),
  routeNow: (conversationId: number) => http.post<void>(`/api/monitor/held/${conversationId}/route-now`),
}
