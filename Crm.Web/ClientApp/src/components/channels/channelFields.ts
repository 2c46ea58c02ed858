// What each channel's card asks for is the server catalog's (GET /api/channels/catalog: each setting in the order an admin sets the
// channel up, with its words); these read a setting from the admin view by its name.
import type { ChannelSetup } from '../../catalog/types'
import type { ChannelSettings, SaveChannelSettings } from '../../types'

export type ChannelFieldName = keyof SaveChannelSettings & string

const emptySetup: ChannelSetup = { platform: '', webhookPath: '', subtitle: '', webhookHint: '', fields: [] }

/** The card of a channel from the catalog's entries; empty until the catalog is loaded. */
export function setupOf(channel: string, channels: readonly { name: string; setup?: ChannelSetup | null }[]): ChannelSetup {
  return channels.find((c) => c.name === channel)?.setup ?? emptySetup
}

const read = (channel: ChannelSettings, key: string): unknown => (channel as Record<string, unknown>)[key]

/** Whether a secret is set, as the server says (never its value). */
export function secretIsSet(channel: ChannelSettings, name: string): boolean {
  return read(channel, `${name}Set`) === true
}

/** A text setting's value as the server says. */
export function valueOf(channel: ChannelSettings, name: string): string {
  const value = read(channel, name)
  return typeof value === 'string' ? value : ''
}

/** A flag setting (the Messenger human agent tag) as the server says. */
export function flagOf(channel: ChannelSettings, name: string): boolean {
  return read(channel, name) === true
}
