// How channels are named and drawn. Cases carry the channel the chat came in on (sms, whatsapp, webchat...);
// customer identities carry the identity kind (phone, email, messenger, x, webchat).
import { catalogLabel } from './catalog/channelCatalog'
import type { Identity, IdentityChannel } from './types'

export type ChannelIcon = 'phone' | 'sms' | 'whatsapp' | 'email' | 'messenger' | 'x' | 'webchat' | 'other'

interface ChannelInfo {
  label: string
  icon: ChannelIcon
}

/** How each channel is drawn; its label is the server catalog's (GET /api/channels/catalog). */
const icons: Record<string, ChannelIcon> = {
  phone: 'phone',
  voice: 'phone',
  sms: 'sms',
  whatsapp: 'whatsapp',
  email: 'email',
  messenger: 'messenger',
  facebook: 'messenger',
  x: 'x',
  twitter: 'x',
  webchat: 'webchat',
  web: 'webchat',
}

/** Identity kinds and older names that are not channels of the catalog. */
const otherLabels: Record<string, string> = { phone: 'Phone', voice: 'Voice', email: 'Email', twitter: 'X', web: 'Web chat' }

export function channelInfo(channel: string | null | undefined): ChannelInfo {
  if (!channel) return { label: 'Unknown channel', icon: 'other' }
  const key = channel.toLowerCase()
  return { label: catalogLabel(key) ?? otherLabels[key] ?? channel, icon: icons[key] ?? 'other' }
}

/** What the address field of an identity row asks for. */
export const addressHints: Record<IdentityChannel, { label: string; placeholder: string; inputmode: 'text' | 'tel' | 'email' }> = {
  phone: { label: 'Phone number', placeholder: '+44 20 7946 0123', inputmode: 'tel' },
  email: { label: 'Email address', placeholder: 'name@example.com', inputmode: 'email' },
  messenger: { label: 'Messenger id', placeholder: '2400000001234567', inputmode: 'text' },
  x: { label: 'X user id', placeholder: '1588302742', inputmode: 'text' },
  webchat: { label: 'Web chat visitor id', placeholder: 'visitor-1234', inputmode: 'text' },
}

/** How a person reads an identity: the X handle rather than the numeric id, otherwise the address. */
export function identityText(identity: Identity): string {
  return identity.display || identity.formatted || identity.address
}

/** The identities of one kind, as a person reads them. */
export function identitiesOf(identities: readonly Identity[], ...kinds: IdentityChannel[]): string[] {
  return identities.filter((i) => kinds.includes(i.channel)).map(identityText)
}
