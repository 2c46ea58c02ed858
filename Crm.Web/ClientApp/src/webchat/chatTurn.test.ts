import { describe, expect, it } from 'vitest'
import { chatTurn, kindOf } from './chatTurn'
import type { WebChatKind, WebChatMessage } from './types'

let nextId = 1
const line = (kind: WebChatKind, text: string, authorName: string | null = null): WebChatMessage => ({
  id: nextId++,
  kind,
  authorName,
  text,
  sentAt: nextId * 1000,
})

describe('the web chat header', () => {
  it('never names an automatic reply as the agent, and says the replies are automatic', () => {
    const thread = [line('customer', 'Hello?'), line('bot', 'We are closed until 09:00.', 'Automatic reply')]
    expect(chatTurn(thread, null, null)).toEqual({ status: 'waiting', agentName: null, handedBack: false, automatic: true })
  })

  it('names the agent who joined after the virtual assistant, not the assistant', () => {
    const thread = [
      line('customer', 'Hello?'),
      line('bot', 'Hi! I am the virtual assistant.', 'Customer Virtual Assistant'),
      line('notice', 'Ana joined the chat'),
      line('bot', 'Our team answers chats from 9 to 5.', 'Customer Virtual Assistant'),
    ]
    expect(chatTurn(thread, null, null)).toMatchObject({ status: 'connected', agentName: 'Ana', automatic: false })
    thread.push(line('agent', 'Hi, Bea here taking over.', 'Bea'))
    expect(chatTurn(thread, null, null).agentName).toBe('Bea')
  })

  it('waits again after Send to Inbox, and ends when the visitor left', () => {
    const thread = [line('customer', 'Hi'), line('notice', 'Ana joined the chat'), line('notice', 'You are waiting for the next available agent')]
    expect(chatTurn(thread, null, null)).toMatchObject({ status: 'waiting', agentName: null, handedBack: true })
    expect(chatTurn(thread, null, thread.at(-1)!.id).status).toBe('ended')
  })

  it('reads a pushed message written by the bot as automatic', () => {
    expect(kindOf({ direction: 'out', authorKind: 'bot' })).toBe('bot')
    expect(kindOf({ direction: 'out', authorKind: 'agent' })).toBe('agent')
    expect(kindOf({ direction: 'in', authorKind: 'customer' })).toBe('customer')
    expect(kindOf({ direction: 'system', authorKind: 'system' })).toBe('notice')
  })
})
