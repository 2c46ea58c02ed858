import { describe, expect, it } from 'vitest'
import { channelInfo } from '../channels'
import { catalogLabel, conversationChannels, entryKinds, playbackChannels, publicPostChannels, useCatalog } from './channelCatalog'
import type { CatalogChannel } from './types'

const channel = (name: string, label: string, kinds: [string, string, boolean][], privateMessages = true): CatalogChannel => ({
  name,
  label,
  chatLabel: `${label} chat`,
  privateMessages,
  publicPosts: kinds.some(([, , isPublic]) => isPublic),
  window: null,
  entryKinds: kinds.map(([kind, kindLabel, isPublic]) => ({ kind, label: kindLabel, public: isPublic })),
  setup: null,
})

/** The catalog's shape as GET /api/channels/catalog answers it, with a channel the client has never heard of. */
const catalog: CatalogChannel[] = [
  channel('webchat', 'Web chat', [['webchat', 'Web chat', false]]),
  channel('x', 'X', [
    ['x', 'X direct messages', false],
    ['x-public', 'X mentions (public posts)', true],
  ]),
  channel('facebook', 'Facebook', [['facebook-public', 'Facebook page comments and posts', true]], false),
  channel('telegram', 'Telegram', [['telegram', 'Telegram', false]]),
]

describe('the channel catalog in the client', () => {
  it('lists every channel of the catalog in each filter, a new one included', () => {
    expect(conversationChannels(catalog).map((c) => c.value)).toEqual(['webchat', 'x', 'facebook', 'telegram'])
    expect(playbackChannels(catalog)).toEqual([
      { value: 'webchat', label: 'Web chat' },
      { value: 'x', label: 'X' },
      { value: 'x-public', label: 'X mentions (public posts)' },
      { value: 'facebook', label: 'Facebook' },
      { value: 'telegram', label: 'Telegram' },
    ])
    expect(entryKinds(catalog).map((k) => k.value)).toEqual(['webchat', 'x', 'x-public', 'facebook-public', 'telegram'])
    expect(publicPostChannels(catalog).map((c) => c.value)).toEqual(['x', 'facebook'])
  })

  it('names channels and entry kinds with the catalog labels, and other identity kinds as before', () => {
    useCatalog(catalog)
    expect(catalogLabel('X-PUBLIC')).toBe('X mentions (public posts)')
    expect(channelInfo('telegram').label).toBe('Telegram')
    expect(channelInfo('webchat')).toEqual({ label: 'Web chat', icon: 'webchat' })
    expect(channelInfo('phone').label).toBe('Phone')
    expect(channelInfo('fax').label).toBe('fax')
  })
})
