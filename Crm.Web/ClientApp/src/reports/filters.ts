// The report filters: defaults (the last 7 days in the browser's time zone), reading them from and writing them to the address.
import type { LocationQuery } from 'vue-router'
import type { ReportFilters } from './types'

export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** Every IANA zone the browser knows, the browser's own and UTC always among them. */
export function timeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return [...new Set([browserZone, 'UTC', ...known])].sort((a, b) => a.localeCompare(b))
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateIn(zone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export function filtersFrom(query: LocationQuery): ReportFilters {
  const tz = text(query.tz) || browserZone
  const now = new Date()
  return {
    from: text(query.from) || dateIn(tz, new Date(now.getTime() - 6 * 86_400_000)),
    to: text(query.to) || dateIn(tz, now),
    tz,
    groupBy: text(query.groupBy) === 'hour' ? 'hour' : 'day',
    queue: text(query.queue),
    agent: text(query.agent),
    channel: text(query.channel),
  }
}

export function filtersQuery(f: ReportFilters): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries(f)) if (value) query[key] = value
  return query
}
