import { http } from '../api'
import type {
  BusinessHours, Emergency, EntryPoint, SaveBusinessHours, SaveEntryPoint, SaveSpecialDay, SetEmergency, SpecialDay,
} from './types'

/** Admin page "Entry flow": entry points, business hours, special days and the emergency switches. */
export const entryFlowApi = {
  entryPoints: () => http.get<EntryPoint[]>('/api/admin/entry-points'),
  saveEntryPoint: (id: number | null, body: SaveEntryPoint) =>
    id === null ? http.post<EntryPoint>('/api/admin/entry-points', body) : http.put<EntryPoint>(`/api/admin/entry-points/${id}`, body),
  retireEntryPoint: (id: number) => http.del(`/api/admin/entry-points/${id}`),

  businessHours: () => http.get<BusinessHours[]>('/api/admin/business-hours'),
  saveBusinessHours: (id: number | null, body: SaveBusinessHours) =>
    id === null ? http.post<BusinessHours>('/api/admin/business-hours', body) : http.put<BusinessHours>(`/api/admin/business-hours/${id}`, body),
  retireBusinessHours: (id: number) => http.del(`/api/admin/business-hours/${id}`),

  specialDays: () => http.get<SpecialDay[]>('/api/admin/special-days'),
  saveSpecialDay: (id: number | null, body: SaveSpecialDay) =>
    id === null ? http.post<SpecialDay>('/api/admin/special-days', body) : http.put<SpecialDay>(`/api/admin/special-days/${id}`, body),
  retireSpecialDay: (id: number) => http.del(`/api/admin/special-days/${id}`),

  emergencies: () => http.get<Emergency[]>('/api/admin/emergency'),
  setEmergency: (body: SetEmergency) => http.put<Emergency>('/api/admin/emergency', body),
}
