// The server's limits (MaxLength on the request DTOs in Crm.ServiceModel): each field states its own, and a text over it is
// refused in words before sending. Never `maxlength` on an input: it cuts a paste silently.

export const limits = {
  /** SendMessage.text and SendWebChatMessage.text */
  message: 4000,
  /** AddCaseNote.text */
  caseNote: 4000,
  /** SaveKeywordFilter.keyword */
  keyword: 100,
  /** SaveKeywordFilter.replyText: the limit of a post on X */
  autoReply: 280,
  /** CreateCustomer.notes, UpdateCustomer.notes */
  customerNotes: 4000,
  /** StartWebChat.name */
  visitorName: 100,
  /** StartWebChat.email, CreateUser.email */
  email: 200,
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
