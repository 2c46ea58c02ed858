import { describe, expect, it } from 'vitest'
import { clockText, spokenDuration } from './clock'

describe('timer formatting', () => {
  it('shows minutes and seconds, and hours only when there are some', () => {
    expect(clockText(0)).toBe('0:00')
    expect(clockText(247_000)).toBe('4:07')
    expect(clockText(3_753_000)).toBe('1:02:33')
  })

  it('never shows a negative time (a deadline just passed reads 0:00)', () => {
    expect(clockText(-4_000)).toBe('0:00')
  })

  it('reads the same duration out in words, singular where it is one', () => {
    expect(spokenDuration(247_000)).toBe('4 minutes 7 seconds')
    expect(spokenDuration(3_661_000)).toBe('1 hour 1 minute 1 second')
    expect(spokenDuration(0)).toBe('0 seconds')
  })
})
