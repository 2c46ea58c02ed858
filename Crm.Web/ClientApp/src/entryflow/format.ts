import { catalogLabel } from '../catalog/channelCatalog'
import type { EntryPoint } from './types'

export function channelLabel(channel: string): string {
  return catalogLabel(channel) ?? channel
}

export function entryPointLabel(entry: EntryPoint): string {
  return entry.address ? `${channelLabel(entry.channel)} · ${entry.address}` : `${channelLabel(entry.channel)} (all)`
}

/** "open", "closed", "emergency", "special day: Christmas" as a badge. */
export function statusTone(status: string): string {
  if (status === 'open') return 'badge-ok'
  if (status === 'emergency') return 'badge-danger'
  return 'badge-warn'
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The next opening as the admin reads it, in their own browser's time. */
export function when(ms: number | null): string {
  if (ms === null) return 'never (no opening slot)'
  return new Date(ms).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}
