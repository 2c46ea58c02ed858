// Outgoing webhooks' contracts (Crm.ServiceModel/Integrations.cs), from the generated schema: a renamed field fails the build.
import type { components } from '../api/schema'

type S = components['schemas']

export type WebhookEndpoint = S['WebhookEndpointDto']
export type SaveWebhookEndpoint = S['SaveWebhookEndpoint']
export type WebhookDelivery = Omit<S['WebhookDeliveryDto'], 'status'> & { status: DeliveryStatus }
export type DeliveryStatus = 'Pending' | 'Retrying' | 'Delivered' | 'Failed'

/** The events an endpoint can take, in the order the form lists them (Crm.ServiceInterface/Integrations/WebhookEvents.cs). */
export const webhookEvents = [
  { type: 'conversation.created', label: 'Conversation created' },
  { type: 'conversation.ended', label: 'Conversation ended' },
  { type: 'message.created', label: 'Message (from or to the customer)' },
  { type: 'case.created', label: 'Case created' },
  { type: 'case.closed', label: 'Case closed' },
  { type: 'customer.created', label: 'Customer created' },
  { type: 'agent.state_changed', label: 'Agent state changed' },
] as const

/** The server's limits (WebhookEndpointsServices), stated by the fields. */
export const limits = { url: 2000, secretMin: 16, secretMax: 200 } as const
