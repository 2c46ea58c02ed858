// The reports' shapes, from the generated schema (api/schema.d.ts): a renamed field on the server is a type error here.
import type { components } from '../api/schema'

type S = components['schemas']

export type ReportScope = S['ReportScopeDto']
export type VolumeReport = S['VolumeReportDto']
export type VolumeBucket = S['VolumeBucketDto']
export type SpeedReport = S['SpeedReportDto']
export type SpeedBucket = S['SpeedBucketDto']
export type DurationStat = S['DurationStatDto']
export type WrapUpReport = S['WrapUpReportDto']
export type AgentsReport = S['AgentsReportDto']
export type AgentReportRow = S['AgentReportRowDto']
export type ServiceLevelReport = S['ServiceLevelReportDto']
export type ReportConversations = S['ReportConversationsDto']
export type ReportConversation = S['ReportConversationDto']

export type ReportName = 'volume' | 'speed' | 'wrapup' | 'agents' | 'service-level'

/** The filters every report takes; from/to are dates (YYYY-MM-DD) read in tz. */
export interface ReportFilters {
  from: string
  to: string
  tz: string
  groupBy: 'day' | 'hour'
  queue: string
  agent: string
  channel: string
}

export type Measure = 'received' | 'answered' | 'abandoned' | 'transferred' | 'answered-in-time' | 'answered-late'

/** What a clicked bar or slice stands for: the filters narrowed to it. */
export interface DrillDown {
  title: string
  bucket?: string
  measure?: Measure
  reason?: number
  code?: number
  agent?: number
  queue?: number
}
