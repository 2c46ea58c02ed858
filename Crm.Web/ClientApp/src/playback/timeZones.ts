// Time zones for playback: the browser's own, or any IANA zone the supervisor picks; every time shown says which.

export const browserZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** Every IANA zone the browser knows, the browser's own first. */
export function zoneChoices(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return [browserZone, ...all.filter((z) => z !== browserZone)]
}

const formats = new Map<string, Intl.DateTimeFormat>()

/** "1 Dec 2026, 09:30:05" in the zone. */
export function formatIn(unixMs: number, zone: string): string {
  let format = formats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone: zone })
    formats.set(zone, format)
  }
  return format.format(new Date(unixMs))
}

/** "4:05" or "1:02:03": an offset or a duration in milliseconds. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** The text split around each case-insensitive occurrence of `term`, so a template can mark the hits without any HTML. */
export function highlightParts(text: string, term: string): { text: string; hit: boolean }[] {
  const needle = term.trim().toLowerCase()
  if (!needle) return [{ text, hit: false }]
  const parts: { text: string; hit: boolean }[] = []
  const lower = text.toLowerCase()
  let at = 0
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, at)) {
    if (i > at) parts.push({ text: text.slice(at, i), hit: false })
    parts.push({ text: text.slice(i, i + needle.length), hit: true })
    at = i + needle.length
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false })
  return parts
}
