// WhatsApp's 24-hour window and Messenger's standard window (Talkdesk): the compose box counts down, then locks
// until the customer writes again.

/** Shown from three hours before the window closes. */
const warnFromMs = 3 * 3600_000

/** The sentence under the compose box, or null while the window is far from closing (or the channel has none). */
export function messagingWindowText(leftMs: number | null, templates = false): string | null {
  if (leftMs === null || leftMs > warnFromMs) return null
  if (leftMs <= 0 && templates) return 'The messaging window has closed: only an approved template can go until the customer writes again.'
  if (leftMs <= 0) return 'The messaging window has closed: you can write again once the customer does.'
  const minutes = Math.ceil(leftMs / 60_000)
  return `The messaging window closes in ${minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`}.`
}
