// The back office's cases list: the filters it sends and the extra columns the server gives each case.
import type { Case, CaseQuery, CaseSummary } from '../types'

export interface CasesFilter extends CaseQuery {
  queueId?: number
  agentId?: number
  /** ISO date (yyyy-mm-dd), inclusive */
  from?: string
  to?: string
}

export interface CaseRow extends CaseSummary {
  queueName: string | null
  /** The agent who saved the case, by display name */
  agentName: string | null
}

export interface CaseDetail extends Case {
  queueName: string | null
  agentName: string | null
  resolution: string | null
}


/** The most a resolution note may hold (CasesServices.MaxResolutionLength). */
export const maxResolutionLength = 2000
