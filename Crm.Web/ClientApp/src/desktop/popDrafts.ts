// The new-customer form of a screen pop, kept per conversation outside the form: the agent can start it in the offer
// popover, accept, and finish it beside the chat without retyping.
import { reactive } from 'vue'
import type { NewCustomerPrefill } from '../types'

export interface NewCustomerDraft {
  name: string
  phone: string
  email: string
  notes: string
  fields: Record<string, string>
}

const drafts = reactive<Record<number, NewCustomerDraft>>({})

export function newCustomerDraft(conversationId: number, prefill: NewCustomerPrefill | null, name: string | null): NewCustomerDraft {
  drafts[conversationId] ??= {
    name: prefill?.suggestedName ?? name ?? '',
    phone: '',
    email: '',
    notes: '',
    fields: Object.fromEntries((prefill?.customFields ?? []).map((f) => [f.key, ''])),
  }
  return drafts[conversationId]!
}

export function forgetNewCustomerDraft(conversationId: number): void {
  delete drafts[conversationId]
}
