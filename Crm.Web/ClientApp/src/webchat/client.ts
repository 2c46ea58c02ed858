// A small client for the anonymous web chat API. Independent of ../api.ts: a visitor has no sign-in to lose.
import type { StartWebChat, WebChatMessage, WebChatSession } from './types'

export class WebChatError extends Error {
  readonly status: number
  /** Field messages of a validation problem, keyed by lower-case field name ("name", "email", "text"). */
  readonly errors: Record<string, string[]>

  constructor(status: number, message: string, errors: Record<string, string[]> = {}) {
    super(message)
    this.name = 'WebChatError'
    this.status = status
    this.errors = errors
  }
}

interface ProblemBody {
  title?: string
  detail?: string
  errors?: Record<string, string[] | string>
}

/** "Name", "$.name" and "name[0]" all become "name". */
function fieldKey(key: string): string {
  return (key.replace(/^\$\.?/, '').replace(/\[\d*\]$/, '').split('.').pop() ?? key).toLowerCase()
}

async function problemOf(response: Response): Promise<WebChatError> {
  let body: ProblemBody = {}
  try {
    const text = await response.text()
    if (text) body = JSON.parse(text) as ProblemBody
  } catch {
    // Not JSON (a proxy page, an empty 429): the status says enough.
  }
  const errors: Record<string, string[]> = {}
  for (const [key, value] of Object.entries(body.errors ?? {})) {
    const field = fieldKey(key)
    errors[field] = [...(errors[field] ?? []), ...(Array.isArray(value) ? value : [value])]
  }
  const fallback =
    response.status === 429
      ? 'Too many requests right now. Wait a moment and try again.'
      : response.status >= 500
        ? 'The chat service had a problem. Try again in a moment.'
        : `The request failed (${response.status}).`
  return new WebChatError(response.status, body.detail || body.title || fallback, errors)
}

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    })
  } catch {
    throw new WebChatError(0, 'Could not reach the chat service. Check your connection and try again.')
  }
  if (!response.ok) throw await problemOf(response)
  return (await response.json()) as T
}

const base = '/api/webchat/sessions'
const path = (sessionId: string) => `${base}/${encodeURIComponent(sessionId)}`

export const webChatApi = {
  start: (request: StartWebChat) => call<WebChatSession>('POST', base, request),
  messages: (sessionId: string) => call<WebChatMessage[]>('GET', `${path(sessionId)}/messages`),
  send: (sessionId: string, text: string) => call<WebChatMessage>('POST', `${path(sessionId)}/messages`, { text }),
  /** "E-mail me the transcript": sent to the address given at the start, times in the visitor's zone. */
  emailTranscript: (sessionId: string, timeZone: string) =>
    call<{ to: string; status: string }>('POST', `${path(sessionId)}/email-transcript`, { timeZone }),
  /** The visitor leaves; answers 204 with no body. */
  end: async (sessionId: string): Promise<void> => {
    const response = await fetch(`${path(sessionId)}/end`, { method: 'POST', credentials: 'same-origin' })
    if (!response.ok && response.status !== 404) throw await problemOf(response)
  },
  /** The Server-Sent Events URL; `lastEventId` resumes after an event seen before a reload. */
  eventsUrl: (sessionId: string, lastEventId?: string) =>
    `${path(sessionId)}/events` + (lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : ''),
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Try again.'
}
