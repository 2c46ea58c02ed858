import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('../api', () => ({ api: {}, ApiError: class extends Error {}, errorMessage: (e: unknown) => String(e) }))

const { addOffer, conversationTitle, desk, dismissToast, loadSession, offerTitle, offersKey, removeOffer, saveSession, toast } = await import('./desk')
const { anOffer } = await import('./testData')

describe('the desktop store', () => {
  beforeEach(() => {
    sessionStorage.clear()
    desk.offers = []
    desk.pops = {}
    desk.settling = []
    desk.toasts = []
  })

  it('names a chat by the customer, else by the address as people read it', () => {
    expect(offerTitle(anOffer(1))).toBe('Ana Lopez')
    expect(offerTitle(anOffer(1, null))).toBe('+44 20 7946 0123')
    expect(conversationTitle({ customerName: null, addressFormatted: '+1 415-555-1234' })).toBe('+1 415-555-1234')
  })

  it('keeps offers once each, with their screen pops, in the session so a reload keeps them', () => {
    addOffer(anOffer(1))
    addOffer(anOffer(1))
    addOffer(anOffer(2))

    expect(desk.offers.map((o) => o.participationId)).toEqual([1, 2])
    expect(desk.pops[101]?.kind).toBe('new')
    expect(loadSession<unknown[]>(offersKey, [])).toHaveLength(2)
  })

  it('removes an offer and stops settling it, returning what was removed', () => {
    addOffer(anOffer(1))
    desk.settling.push(1)

    expect(removeOffer(1)?.customerName).toBe('Ana Lopez')
    expect(removeOffer(1)).toBeNull()
    expect(desk.settling).toEqual([])
    expect(loadSession<unknown[]>(offersKey, ['stale'])).toEqual([])
  })

  it('shows at most four toasts, the newest last, each dismissable', () => {
    for (const n of [1, 2, 3, 4, 5]) toast('info', `toast ${n}`)
    expect(desk.toasts.map((t) => t.text)).toEqual(['toast 2', 'toast 3', 'toast 4', 'toast 5'])
    dismissToast(desk.toasts[0]!.id)
    expect(desk.toasts).toHaveLength(3)
  })

  it('reads back what it saved, and the fallback when the session has nothing or garbage', () => {
    saveSession('k', { a: 1 })
    expect(loadSession('k', null)).toEqual({ a: 1 })
    sessionStorage.setItem('bad', '{not json')
    expect(loadSession('bad', 'fallback')).toBe('fallback')
    expect(loadSession('missing', 3)).toBe(3)
  })
})
