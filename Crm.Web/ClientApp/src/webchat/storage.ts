// The visitor's chat lives in sessionStorage: a reload continues it, closing the tab forgets it.
import type { StoredChat } from './types'

const key = 'crmsuite.webchat'

export function loadChat(): StoredChat | null {
  try {
    const raw = sessionStorage.getItem(key)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<StoredChat>
    if (typeof value.sessionId !== 'string' || !value.sessionId) return null
    return {
      sessionId: value.sessionId,
      name: typeof value.name === 'string' ? value.name : '',
      lastEventId: typeof value.lastEventId === 'string' ? value.lastEventId : undefined,
      ended: value.ended && typeof value.ended === 'object' ? value.ended : {},
      left: typeof value.left === 'number' ? value.left : undefined,
    }
  } catch {
    return null
  }
}

export function saveChat(chat: StoredChat): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(chat))
  } catch {
    // Storage full or disabled (private mode): the chat still works until the page is reloaded.
  }
}

export function forgetChat(): void {
  try {
    sessionStorage.removeItem(key)
  } catch {
    // Nothing stored.
  }
}
