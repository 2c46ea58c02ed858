// Outbound conversations and WhatsApp templates (Crm.ServiceModel/Outbound.cs), from the generated schema: a renamed field fails the build.
import type { components } from '../api/schema'

type S = components['schemas']

export type OutboundChannel = S['OutboundChannelDto']
export type WhatsAppTemplate = S['WhatsAppTemplateDto']
export type SaveWhatsAppTemplate = S['SaveWhatsAppTemplate']
export type TemplateMessage = S['TemplateMessage']
export type StartConversation = S['StartConversation']
export type TemplateSyncResult = S['TemplateSyncResult']

/** The limits the server refuses beyond (Crm.ServiceInterface/Outbound/TemplateText.cs, OutboundConversations.cs), shown by their fields. */
export const limits = { text: 4000, body: 1024, header: 60, parameter: 1024 } as const

/** The text the customer reads once the template's {{n}} are filled in; an empty value shows as its placeholder. */
export function renderTemplate(text: string, values: readonly string[]): string {
  return text.replace(/\{\{\s*(\d{1,2})\s*\}\}/g, (whole, n: string) => values[Number(n) - 1]?.trim() || whole)
}
