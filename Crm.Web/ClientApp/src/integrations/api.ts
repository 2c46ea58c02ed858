import { http } from '../api'
import type { SaveWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from './types'

/** Admin page "Integrations": outgoing webhooks and their deliveries. */
export const webhooksApi = {
  endpoints: () => http.get<WebhookEndpoint[]>('/api/admin/webhooks'),
  save: (id: number | null, body: SaveWebhookEndpoint) =>
    id === null ? http.post<WebhookEndpoint>('/api/admin/webhooks', body) : http.put<WebhookEndpoint>(`/api/admin/webhooks/${id}`, body),
  remove: (id: number) => http.del(`/api/admin/webhooks/${id}`),
  deliveries: (id: number) => http.get<WebhookDelivery[]>(`/api/admin/webhooks/${id}/deliveries`),
  redeliver: (id: number, deliveryId: number) => http.post<WebhookDelivery>(`/api/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
}
