// The agent's actions on a customer's public post or comment, by channel (X: like, retweet, move to private;
// Facebook: like, hide or unhide, reply in private). Each goes out through the server's outbox: its line in the
// thread shows when it is sent, or the platform's reason when it is refused.
import { http } from '../api'
import type { ChatMessage, Conversation } from '../types'

export type PublicAction = 'like' | 'retweet' | 'hide' | 'unhide' | 'private-reply'

export const publicActionsApi = {
  act: (id: number, action: Exclude<PublicAction, 'private-reply'>) => http.post<Conversation>(`/api/conversations/${id}/${action}`),
  privateReply: (id: number, text: string) => http.post<Conversation>(`/api/conversations/${id}/private-reply`, { text }),
}

/** Whether the customer's comment is hidden now: the last hide or unhide that was not refused decides. */
export function isHidden(messages: readonly ChatMessage[]): boolean {
  const last = [...messages].reverse().find((m) => (m.publicAction === 'hide' || m.publicAction === 'unhide') && m.status !== 'failed')
  return last?.publicAction === 'hide'
}

/** Whether the comment was already answered in private (Facebook allows one private reply per comment). */
export const repliedInPrivate = (messages: readonly ChatMessage[]): boolean =>
  messages.some((m) => m.publicAction === 'private_reply' && m.status !== 'failed')

/** Public reply limits: a Facebook comment, an X post. */
export const privateReplyMax = 2000
