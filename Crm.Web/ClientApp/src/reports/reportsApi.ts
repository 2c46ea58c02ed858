// The reports' HTTP calls, and the CSV links beside each chart.
import { http } from '../api'
import type {
  AgentsReport,
  DrillDown,
  ReportConversations,
  ReportFilters,
  ReportName,
  ServiceLevelReport,
  SpeedReport,
  VolumeReport,
  WrapUpReport,
} from './types'

type Params = Record<string, string | number | undefined>

function params(filters: ReportFilters, drill?: DrillDown): Params {
  return {
    from: filters.from,
    to: filters.to,
    tz: filters.tz,
    groupBy: filters.groupBy,
    queue: drill?.queue ?? filters.queue,
    agent: drill?.agent ?? filters.agent,
    channel: filters.channel,
    bucket: drill?.bucket,
    measure: drill?.measure,
    reason: drill?.reason,
    code: drill?.code,
  }
}

export function csvUrl(report: ReportName | 'conversations', filters: ReportFilters, drill?: DrillDown): string {
  return `/api/reports/${report}${http.query({ ...params(filters, drill), format: 'csv' })}`
}

export const reportsApi = {
  volume: (f: ReportFilters) => http.get<VolumeReport>(`/api/reports/volume${http.query(params(f))}`),
  speed: (f: ReportFilters) => http.get<SpeedReport>(`/api/reports/speed${http.query(params(f))}`),
  wrapUp: (f: ReportFilters) => http.get<WrapUpReport>(`/api/reports/wrapup${http.query(params(f))}`),
  agents: (f: ReportFilters) => http.get<AgentsReport>(`/api/reports/agents${http.query(params(f))}`),
  serviceLevel: (f: ReportFilters) => http.get<ServiceLevelReport>(`/api/reports/service-level${http.query(params(f))}`),
  conversations: (f: ReportFilters, drill: DrillDown) =>
    http.get<ReportConversations>(`/api/reports/conversations${http.query(params(f, drill))}`),
}

/** Milliseconds as seconds to one decimal, as the CSV writes them. */
export function seconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–'
  return `${(Math.round(ms / 100) / 10).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`
}

/** A share 0..1 as a percentage. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${(share * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })}%`
}
