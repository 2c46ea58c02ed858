import { describe, expect, it } from 'vitest'
import { messagingWindowText } from './messagingWindow'

const minute = 60_000

describe('the messaging-window countdown', () => {
  it('says nothing without a window or while it is more than three hours away', () => {
    expect(messagingWindowText(null)).toBeNull()
    expect(messagingWindowText(3 * 60 * minute + 1)).toBeNull()
  })

  it('counts down in hours and minutes, rounding up so it never reads 0 min while still open', () => {
    expect(messagingWindowText(3 * 60 * minute)).toBe('The messaging window closes in 3 h 0 min.')
    expect(messagingWindowText(61 * minute)).toBe('The messaging window closes in 1 h 1 min.')
    expect(messagingWindowText(59 * minute + 1)).toBe('The messaging window closes in 1 h 0 min.')
    expect(messagingWindowText(5 * minute)).toBe('The messaging window closes in 5 min.')
    expect(messagingWindowText(1)).toBe('The messaging window closes in 1 min.')
  })

  it('says the window closed once it has', () => {
    expect(messagingWindowText(0)).toBe('The messaging window has closed: you can write again once the customer does.')
    expect(messagingWindowText(0, true)).toBe('The messaging window has closed: only an approved template can go until the customer writes again.')
    expect(messagingWindowText(-5 * minute)).toContain('has closed')
  })
})
