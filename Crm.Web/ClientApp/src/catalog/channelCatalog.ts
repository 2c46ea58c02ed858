// The server's channel catalog, loaded once per sign-in: every channel list, label and admin card in the client reads it.
import { ref } from 'vue'
import { http } from '../api'
import type { CatalogChannel, ChannelChoice } from './types'

const channels = ref<readonly CatalogChannel[]>([])
let loading: Promise<readonly CatalogChannel[]> | null = null

/** The catalog, fetched on first use; a failed fetch is tried again on the next call. */
export function loadChannelCatalog(): Promise<readonly CatalogChannel[]> {
  loading ??= http
    .get<{ channels: CatalogChannel[] }>('/api/channels/catalog')
    .then((catalog) => (channels.value = catalog.channels))
    .catch((error: unknown) => {
      loading = null
      throw error
    })
  return loading
}

/** The catalog as loaded so far (empty until the first load answers); reactive. */
export const catalogChannels = channels

/** Sets the catalog without a request: for unit tests and pages handed it already. */
export function useCatalog(list: readonly CatalogChannel[]): void {
  channels.value = list
  loading = Promise.resolve(list)
}

/** The catalog's label of a channel or entry-point kind ("x-public": "X mentions (public posts)"), else null. */
export function catalogLabel(name: string, list: readonly CatalogChannel[] = channels.value): string | null {
  const key = name.toLowerCase()
  const channel = list.find((c) => c.name === key)
  if (channel) return channel.label
  return list.flatMap((c) => c.entryKinds).find((k) => k.kind === key)?.label ?? null
}

/** The channels conversations come in on: the reports' channel filter. */
export function conversationChannels(list: readonly CatalogChannel[]): ChannelChoice[] {
  return list.map((c) => ({ value: c.name, label: c.label }))
}

/**
 * Playback's channel filter: every channel, and the public posts of a channel that also has private messages on their own
 * ("X mentions"), since a supervisor looks for those apart.
 */
export function playbackChannels(list: readonly CatalogChannel[]): ChannelChoice[] {
  return list.flatMap((c) => [
    { value: c.name, label: c.label },
    ...(c.privateMessages ? c.entryKinds.filter((k) => k.public).map((k) => ({ value: k.kind, label: k.label })) : []),
  ])
}

/** Every entry-point kind, in the catalog's order: what Admin > Entry flow routes by. */
export function entryKinds(list: readonly CatalogChannel[]): ChannelChoice[] {
  return list.flatMap((c) => c.entryKinds.map((k) => ({ value: k.kind, label: k.label })))
}

/** The channels that have public posts (what a keyword filter may apply to). */
export function publicPostChannels(list: readonly CatalogChannel[]): ChannelChoice[] {
  return list.filter((c) => c.publicPosts).map((c) => ({ value: c.name, label: c.label }))
}
