// The server's limits (MaxLength on the request DTOs in Crm.ServiceModel): each field states its own, and a text over it is
// refused in words before sending. Never `maxlength` on an input: it cuts a paste silently. Each value `satisfies` the
// server's own limit, read from /openapi/v1.json at build time (src/api/limits.d.ts): a limit changed on the server fails
// the build until it is changed here too.
import type { MaxLengths } from '../api/limits'

type Max<S extends keyof MaxLengths, F extends keyof MaxLengths[S]> = MaxLengths[S][F]

export const limits = {
  message: 4000 satisfies Max<'SendMessage', 'text'> & Max<'SendWebChatMessage', 'text'>,
  caseNote: 4000 satisfies Max<'AddCaseNote', 'text'>,
  keyword: 100 satisfies Max<'SaveKeywordFilter', 'keyword'>,
  /** The limit of a post on X. */
  autoReply: 280 satisfies Max<'SaveKeywordFilter', 'replyText'>,
  customerNotes: 4000 satisfies Max<'CreateCustomer', 'notes'> & Max<'UpdateCustomer', 'notes'>,
  visitorName: 100 satisfies Max<'StartWebChat', 'name'>,
  email: 200 satisfies Max<'StartWebChat', 'email'> & Max<'CreateUser', 'email'>,
} as const

const count = (n: number) => n.toLocaleString('en-US')

/** "A note can be at most 4,000 characters (this one has 15,000)." or null when it fits. */
export function tooLong(value: string, max: number, what: string): string | null {
  return value.length > max ? `${what} can be at most ${count(max)} characters (this one has ${count(value.length)}).` : null
}

/** "1,234 / 4,000" for the counter by a field. */
export function countText(length: number, max: number): string {
  return `${count(length)} / ${count(max)}`
}
