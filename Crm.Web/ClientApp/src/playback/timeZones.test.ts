import { describe, expect, it } from 'vitest'
import { formatIn, formatOffset, highlightParts } from './timeZones'

describe('highlightParts', () => {
  it('marks every occurrence whatever its case, keeping the text as written', () => {
    expect(highlightParts('Refund? The refund is REFUNDED.', 'refund')).toEqual([
      { text: 'Refund', hit: true },
      { text: '? The ', hit: false },
      { text: 'refund', hit: true },
      { text: ' is ', hit: false },
      { text: 'REFUND', hit: true },
      { text: 'ED.', hit: false },
    ])
  })

  it('leaves text without the term, or with no term, whole', () => {
    expect(highlightParts('<b>hello</b>', 'bye')).toEqual([{ text: '<b>hello</b>', hit: false }])
    expect(highlightParts('hello', '  ')).toEqual([{ text: 'hello', hit: false }])
  })
})

describe('formatOffset', () => {
  it('reads as minutes and seconds, with hours when there are any', () => {
    expect(formatOffset(0)).toBe('0:00')
    expect(formatOffset(65_400)).toBe('1:05')
    expect(formatOffset(3_723_000)).toBe('1:02:03')
  })
})

describe('formatIn', () => {
  it('shows the same instant in the zone asked', () => {
    const at = Date.UTC(2026, 11, 1, 23, 30, 0)
    expect(formatIn(at, 'Asia/Tokyo')).toContain('2026')
    expect(formatIn(at, 'Asia/Tokyo')).toContain('8:30:00')
    expect(formatIn(at, 'America/New_York')).toContain('6:30:00')
  })
})
