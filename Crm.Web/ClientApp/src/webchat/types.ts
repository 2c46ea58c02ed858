// The customer's web chat: what the anonymous /api/webchat/sessions API sends and receives.

export interface StartWebChat {
  name: string
  email?: string
  /** The page the visitor came from, shown to the agent (max 500 characters). */
  source?: string
}

export interface WebChatSession {
  sessionId: string
  name: string
}

/** Who a line is from; 'bot' is an automatic reply or the virtual assistant, never a person. */
export type WebChatKind = 'customer' | 'agent' | 'bot' | 'notice'

/** A line of the thread as the customer sees it. `sentAt` is unix milliseconds. */
export interface WebChatMessage {
  id: number
  kind: WebChatKind
  authorName: string | null
  text: string
  sentAt: number
}

/** The `message` Server-Sent Event: the same message as the agent desktop sees it. */
export interface StreamMessageEvent {
  conversationId: number
  message: {
    id: number
    direction: 'in' | 'out' | 'system'
    authorKind: 'customer' | 'agent' | 'bot' | 'system'
    authorName: string | null
    text: string
    sentAt: number
  }
}

/** The `ended` Server-Sent Event: the agent ended the chat (wrap-up or closed). */
export interface StreamEndedEvent {
  conversationId: number
}

/** What survives a reload of /chat (sessionStorage, so it ends with the tab). */
export interface StoredChat {
  sessionId: string
  name: string
  /** The last Server-Sent Event id seen: a reload resumes the stream after it. */
  lastEventId?: string
  /** Conversation id -> the newest message id known when it ended ("The chat has ended" goes after it). */
  ended?: Record<string, number>
  /** Set when the visitor chose End chat: the newest message id known then; the transcript stays until they start a new chat. */
  left?: number
}
