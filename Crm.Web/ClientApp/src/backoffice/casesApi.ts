// The back office's cases calls, typed with the columns the list and the case carry beyond src/types.ts.
import { api } from '../api'
import type { Paged } from '../types'
import type { CaseDetail, CaseRow, CasesFilter } from './types'

export const casesApi = {
  list: (filter: CasesFilter, signal?: AbortSignal) => api.listCases(filter, signal) as Promise<Paged<CaseRow>>,
  agents: () => api.listCaseAgents(),
  close: (id: number, resolution: string) => api.closeCase(id, resolution) as Promise<CaseDetail>,
}
