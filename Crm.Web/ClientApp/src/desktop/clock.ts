// One ticking clock for every timer on the desktop (state timer, offer countdowns, post processing).
import { onBeforeUnmount, ref } from 'vue'

const now = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

/** The current time in unix ms, updated every second while any component uses it. */
export function useNow() {
  if (users++ === 0) timer = setInterval(() => (now.value = Date.now()), 1000)
  now.value = Date.now()
  onBeforeUnmount(() => {
    if (--users === 0) clearInterval(timer)
  })
  return now
}

/** "4:07", "1:02:33": a duration for timers; never negative. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** "4 minutes 7 seconds": the same duration for screen readers. */
export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const parts = [h && `${h} hour${h === 1 ? '' : 's'}`, m && `${m} minute${m === 1 ? '' : 's'}`, `${s} second${s === 1 ? '' : 's'}`]
  return parts.filter(Boolean).join(' ')
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })

/** "14:05" today, "Mar 3, 14:05" before. */
export function shortTime(unixMs: number): string {
  const d = new Date(unixMs)
  return d.toDateString() === new Date().toDateString() ? timeOfDay.format(d) : dayAndTime.format(d)
}
