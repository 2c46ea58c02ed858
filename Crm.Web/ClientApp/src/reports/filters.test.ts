import { describe, expect, it } from 'vitest'
import { dateIn, filtersFrom, filtersQuery, timeZones } from './filters'
import { percent, seconds } from './reportsApi'

describe('report filters', () => {
  it('reads the address and writes back only what is set', () => {
    const f = filtersFrom({ from: '2026-12-01', to: '2026-12-02', tz: 'Europe/Madrid', groupBy: 'hour', agent: '7' })
    expect(f).toEqual({ from: '2026-12-01', to: '2026-12-02', tz: 'Europe/Madrid', groupBy: 'hour', queue: '', agent: '7', channel: '' })
    expect(filtersQuery(f)).toEqual({ from: '2026-12-01', to: '2026-12-02', tz: 'Europe/Madrid', groupBy: 'hour', agent: '7' })
  })

  it('defaults to the last seven days, grouped by day', () => {
    const f = filtersFrom({ tz: 'UTC' })
    expect(f.groupBy).toBe('day')
    expect(f.to).toBe(dateIn('UTC', new Date()))
    expect(new Date(`${f.to}T00:00:00Z`).getTime() - new Date(`${f.from}T00:00:00Z`).getTime()).toBe(6 * 86_400_000)
  })

  it('counts a date in the zone picked, not the browser', () => {
    const lateEvening = new Date('2026-12-01T23:30:00Z')
    expect(dateIn('UTC', lateEvening)).toBe('2026-12-01')
    expect(dateIn('Europe/Madrid', lateEvening)).toBe('2026-12-02')
    expect(timeZones()).toContain('UTC')
  })

  it('shows seconds to one decimal as the CSV writes them, and shares as percentages', () => {
    expect(seconds(26_667)).toBe('26.7 s')
    expect(seconds(35_000)).toBe('35 s')
    expect(seconds(null)).toBe('–')
    expect(percent(0.6)).toBe('60%')
    expect(percent(null)).toBe('–')
  })
})
