// Where the visitor's chat stands, read from the thread since it last ended: pure, so the header's words are tested without a browser.
import type { StreamMessageEvent, WebChatKind, WebChatMessage } from './types'

export type ChatStatus = 'waiting' | 'connected' | 'ended'

/** Notices (server's CustomerNotices) after which the chat waits for an agent again: Send to Inbox, transfer to a queue. */
const waitingAgainNotices = new Set(['You are waiting for the next available agent', 'You are being transferred to another agent'])
const joinedNotice = /^(.+) joined the chat$/

export interface ChatTurn {
  status: ChatStatus
  /** The agent answering now: the name on the newest reply since the last end, else the one who joined; never a bot's. */
  agentName: string | null
  /** The agent who joined last handed the chat back (Send to Inbox, transfer to a queue). */
  handedBack: boolean
  /** No person answers yet and the newest answer is automatic (a closed notice, the virtual assistant). */
  automatic: boolean
}

/** A pushed message as the visitor sees it: an automatic line (author kind bot) is never an agent's. */
export function kindOf(message: Pick<StreamMessageEvent['message'], 'direction' | 'authorKind'>): WebChatKind {
  if (message.direction === 'in') return 'customer'
  if (message.direction === 'out') return message.authorKind === 'bot' ? 'bot' : 'agent'
  return 'notice'
}

/** The turn of the chat from its messages (sorted), the newest message id when it last ended, and when the visitor left. */
export function chatTurn(messages: readonly WebChatMessage[], lastEnd: number | null, left: number | null): ChatTurn {
  const current = messages.filter((m) => m.id > (lastEnd ?? 0))
  const turn = current.filter((m) => m.kind === 'notice' && (joinedNotice.test(m.text) || waitingAgainNotices.has(m.text))).at(-1)
  const handedBack = !!turn && waitingAgainNotices.has(turn.text)
  const person = current.some((m) => m.kind === 'agent' || m.kind === 'notice')
  let status: ChatStatus = handedBack || !person ? 'waiting' : 'connected'
  if (left !== null || (lastEnd !== null && current.length === 0)) status = 'ended'
  const replied = current.filter((m) => m.kind === 'agent' && m.authorName).at(-1)?.authorName
  const joined = current.map((m) => (m.kind === 'notice' ? joinedNotice.exec(m.text)?.[1] : undefined)).filter(Boolean).at(-1)
  const agentName = handedBack ? null : (replied ?? joined ?? null)
  const answered = current.filter((m) => m.kind !== 'customer').at(-1)
  return { status, agentName, handedBack, automatic: status === 'waiting' && answered?.kind === 'bot' }
}
