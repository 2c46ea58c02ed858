import { beforeEach, describe, expect, it, vi } from 'vitest'

describe('drafts', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.resetModules()
  })

  it('keeps each conversation\'s draft in this browser, so a reload loses nothing', async () => {
    const first = await import('./prefs')
    first.setDraft(7, 'Hello, I am looking')
    first.setDraft(8, 'Other chat')

    vi.resetModules()
    const afterReload = await import('./prefs')
    expect(afterReload.draftOf(7)).toBe('Hello, I am looking')
    expect(afterReload.draftOf(8)).toBe('Other chat')
    expect(afterReload.draftOf(9)).toBe('')
  })

  it('forgets a draft once it is emptied (sent)', async () => {
    const prefs = await import('./prefs')
    prefs.setDraft(7, 'text')
    prefs.setDraft(7, '')
    expect(localStorage.getItem('crm.desktop.draft.7')).toBeNull()
    expect(prefs.hasUnsentText()).toBe(false)
  })

  it('puts an FAQ answer on a new line after what is typed, or alone in an empty draft', async () => {
    const prefs = await import('./prefs')
    prefs.appendToDraft(1, 'Our hours are 9-5.')
    expect(prefs.draftOf(1)).toBe('Our hours are 9-5.')
    prefs.setDraft(2, 'Hi Ana,  \n')
    prefs.appendToDraft(2, 'Our hours are 9-5.')
    expect(prefs.draftOf(2)).toBe('Hi Ana,\nOur hours are 9-5.')
    expect(prefs.hasUnsentText()).toBe(true)
  })
})

describe('the new-customer draft of a screen pop', () => {
  it('starts from what the channel told us and is the same draft in the popover and beside the chat', async () => {
    const { forgetNewCustomerDraft, newCustomerDraft } = await import('./popDrafts')
    const prefill = {
      channel: 'whatsapp',
      address: '+442079460123',
      suggestedName: 'Ana from WhatsApp',
      customFields: [{ id: 1, key: 'tier', label: 'Tier', type: 'picklist' as const, options: ['Gold'], sortOrder: 0 }],
    }
    const draft = newCustomerDraft(42, prefill, 'ignored')
    expect(draft).toMatchObject({ name: 'Ana from WhatsApp', phone: '', fields: { tier: '' } })
    draft.phone = '020 7946 0123'

    expect(newCustomerDraft(42, null, null).phone).toBe('020 7946 0123')
    forgetNewCustomerDraft(42)
    expect(newCustomerDraft(42, null, 'Customer name').name).toBe('Customer name')
  })
})
