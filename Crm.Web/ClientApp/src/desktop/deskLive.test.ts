import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('../api', () => ({ api: { breakReasons: () => Promise.resolve([]) }, ApiError: class extends Error {}, errorMessage: String }))

const { desk, addOffer } = await import('./desk')
const { handlers } = await import('./deskLive')
const { anOffer } = await import('./testData')

describe('live events on the desktop', () => {
  beforeEach(() => {
    desk.offers = []
    desk.toasts = []
    desk.me = null
    desk.agentStates = {}
  })

  it.each([
    ['Lapsed', 'error', 'was not accepted in time'],
    ['Rejected', 'info', 'You rejected the chat from Ana Lopez'],
    ['CustomerLeft', 'info', 'the customer left'],
    ['ConversationEnded', 'info', 'it ended before you accepted'],
  ] as const)('a revoked offer (%s) leaves the stack and says why', (reason, kind, text) => {
    addOffer(anOffer(1))

    handlers['offer-revoked']({ conversationId: 101, participationId: 1, reason })

    expect(desk.offers).toEqual([])
    expect(desk.toasts.at(-1)).toMatchObject({ kind })
    expect(desk.toasts.at(-1)?.text).toContain(text)
  })

  it('a revoked offer this desktop never had changes nothing and says nothing', () => {
    handlers['offer-revoked']({ conversationId: 9, participationId: 9, reason: 'Lapsed' })
    expect(desk.toasts).toEqual([])
  })

  it('an agent-state event moves the signed-in agent, missed offer included, and the colleague list', () => {
    desk.me = { id: 5, userName: 'agent1', displayName: 'Ana', state: 'Available', reasonCode: null, since: 1, load: 0, capacity: 3,
      postProcessingUntil: null, canReject: true, queues: [], missedOffer: null }

    handlers['agent-state']({ agentId: 5, state: 'OnBreak', reasonCode: 'Rejected a chat', since: 2, postProcessingUntil: null, cause: 'Reject',
      changedBy: null, missedOffer: 'Rejected' })
    handlers['agent-state']({ agentId: 6, state: 'Available', reasonCode: null, since: 3, postProcessingUntil: null, cause: 'Agent',
      changedBy: null, missedOffer: null })

    expect(desk.me).toMatchObject({ state: 'OnBreak', since: 2, missedOffer: 'Rejected' })
    expect(desk.agentStates[6]).toEqual({ state: 'Available', reasonCode: null })
  })
})
