// Calls of the administration pages; the shared request helper lives in ../api.ts.
import { adminRequest as request } from '../api'
import type {
  AdminAgent,
  AdminFaq,
  AdminQueue,
  CatalogItem,
  CatalogKind,
  SaveAgentProfile,
  SaveCatalogItem,
  SaveFaq,
  SaveQueue,
  Skill,
} from './types'

export const adminApi = {
  queues: () => request<AdminQueue[]>('GET', '/api/admin/queues'),
  createQueue: (queue: SaveQueue) => request<AdminQueue>('POST', '/api/admin/queues', queue),
  updateQueue: (id: number, queue: SaveQueue) => request<AdminQueue>('PUT', `/api/admin/queues/${id}`, queue),
  retireQueue: (id: number) => request<AdminQueue>('DELETE', `/api/admin/queues/${id}`),

  skills: () => request<Skill[]>('GET', '/api/admin/skills'),
  createSkill: (name: string) => request<Skill>('POST', '/api/admin/skills', { name }),
  updateSkill: (id: number, name: string) => request<Skill>('PUT', `/api/admin/skills/${id}`, { name }),
  retireSkill: (id: number) => request<Skill>('DELETE', `/api/admin/skills/${id}`),

  agents: () => request<AdminAgent[]>('GET', '/api/admin/agents'),
  updateAgent: (id: number, profile: SaveAgentProfile) => request<AdminAgent>('PUT', `/api/admin/agents/${id}`, profile),

  catalog: (kind: CatalogKind) => request<CatalogItem[]>('GET', `/api/admin/${kind}`),
  createItem: (kind: CatalogKind, item: SaveCatalogItem) => request<CatalogItem>('POST', `/api/admin/${kind}`, item),
  updateItem: (kind: CatalogKind, id: number, item: SaveCatalogItem) => request<CatalogItem>('PUT', `/api/admin/${kind}/${id}`, item),
  retireItem: (kind: CatalogKind, id: number) => request<CatalogItem>('DELETE', `/api/admin/${kind}/${id}`),
  reorder: (kind: CatalogKind, ids: number[]) => request<CatalogItem[]>('POST', `/api/admin/${kind}/reorder`, { ids }),

  faq: () => request<AdminFaq[]>('GET', '/api/admin/faq'),
  createFaq: (faq: SaveFaq) => request<AdminFaq>('POST', '/api/admin/faq', faq),
  updateFaq: (id: number, faq: SaveFaq) => request<AdminFaq>('PUT', `/api/admin/faq/${id}`, faq),
  retireFaq: (id: number) => request<AdminFaq>('DELETE', `/api/admin/faq/${id}`),
  reorderFaq: (ids: number[]) => request<AdminFaq[]>('POST', '/api/admin/faq/reorder', { ids }),
}

/** The ids in a new order: the item at `index` swapped with its neighbour above (-1) or below (+1). */
export function moved<T extends { id: number }>(items: readonly T[], index: number, by: -1 | 1): number[] {
  const ids = items.map((i) => i.id)
  const other = index + by
  if (other < 0 || other >= ids.length) return ids
  ids.splice(Math.min(index, other), 2, ids[Math.max(index, other)]!, ids[Math.min(index, other)]!)
  return ids
}
