const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Unix milliseconds (UTC) shown in the reader's time zone. */
export function formatDateTime(unixMs: number): string {
  return dateTime.format(new Date(unixMs))
}

export function isoDateTime(unixMs: number): string {
  return new Date(unixMs).toISOString()
}

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' })

/** A calendar date stored as YYYY-MM-DD, shown in the reader's style; anything else as it is. */
export function formatDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dateOnly.format(new Date(`${value}T00:00:00Z`)) : value
}

/** A number stored as text ("14704.10"), shown with the reader's grouping; anything else as it is. */
export function formatNumber(value: string): string {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n)) return value
  // Keep the decimals as stored: 14704.10 is an amount, and reads as 14,704.10.
  const decimals = Math.min(value.split('.')[1]?.length ?? 0, 20)
  return n.toLocaleString(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
}

/** "12 customers", "1 customer". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`
}
