import { http } from '../api'
import type { Conversation, ChatMessage } from '../types'
import type { OutboundChannel, SaveWhatsAppTemplate, StartConversation, TemplateMessage, TemplateSyncResult, WhatsAppTemplate } from './types'

/** The agent's outbound calls and the admin's template calls (Crm.Web/Apis/OutboundApi.cs). */
export const outboundApi = {
  channels: (customerId: number) => http.get<OutboundChannel[]>(`/api/customers/${customerId}/outbound-channels`),
  start: (body: StartConversation) => http.post<Conversation>('/api/conversations', body),
  sendTemplate: (conversationId: number, body: TemplateMessage) => http.post<ChatMessage>(`/api/conversations/${conversationId}/template`, body),
  templates: () => http.get<WhatsAppTemplate[]>('/api/whatsapp-templates'),
  allTemplates: () => http.get<WhatsAppTemplate[]>('/api/admin/whatsapp-templates'),
  saveTemplate: (id: number | null, body: SaveWhatsAppTemplate) =>
    id === null
      ? http.post<WhatsAppTemplate>('/api/admin/whatsapp-templates', body)
      : http.put<WhatsAppTemplate>(`/api/admin/whatsapp-templates/${id}`, body),
  retireTemplate: (id: number) => http.del(`/api/admin/whatsapp-templates/${id}`),
  sync: () => http.post<TemplateSyncResult>('/api/admin/whatsapp-templates/sync'),
}
