const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Unix milliseconds (UTC) shown in the reader's time zone. */
export function formatDateTime(unixMs: number): string {
  return dateTime.format(new Date(unixMs))
}

export function isoDateTime(unixMs: number): string {
  return new Date(unixMs).toISOString()
}
