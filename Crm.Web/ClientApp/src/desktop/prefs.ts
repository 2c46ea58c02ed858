// What the desktop keeps in the browser so nothing typed is lost: a draft per conversation (localStorage, so
// it survives a reload or a lost connection) and the agent's own settings.
import { reactive, ref, watch } from 'vue'

const draftPrefix = 'crm.desktop.draft.'
const enterSendsKey = 'crm.desktop.enterSends'

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}
function write(key: string, value: string | null): void {
  try {
    if (value === null || value === '') localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // Storage full or blocked: the draft still lives in memory.
  }
}

/** Drafts by conversation id, loaded lazily; writing one saves it. */
const drafts = reactive<Record<number, string>>({})

export function draftOf(conversationId: number): string {
  if (!(conversationId in drafts)) drafts[conversationId] = read(draftPrefix + conversationId) ?? ''
  return drafts[conversationId] ?? ''
}

export function setDraft(conversationId: number, text: string): void {
  drafts[conversationId] = text
  write(draftPrefix + conversationId, text)
}

/** Appends to the draft (an FAQ answer), on a new paragraph when there is text already. */
export function appendToDraft(conversationId: number, text: string): void {
  const current = draftOf(conversationId)
  setDraft(conversationId, current.trim() ? `${current.replace(/\s+$/, '')}\n${text}` : text)
}

/** True when any conversation has unsent text (for the leave-page warning). */
export function hasUnsentText(): boolean {
  return Object.values(drafts).some((d) => d.trim() !== '')
}

/** Enter sends and Shift+Enter adds a line (default), or the other way round (Talkdesk's habit). */
export const enterSends = ref(read(enterSendsKey) !== 'false')
watch(enterSends, (v) => write(enterSendsKey, v ? 'true' : 'false'))
