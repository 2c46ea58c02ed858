// Playback's shapes, from the generated schema (api/schema.d.ts): a renamed server field is a type error in the build.
import type { components } from '../api/schema'

type S = components['schemas']

export type PlaybackRow = S['PlaybackRow']
export type PlaybackMatch = S['PlaybackMatch']
export type PlaybackEntryKind = S['PlaybackEntryKind']
export type PlaybackEntry = S['PlaybackEntry']
export type PlaybackDetail = S['PlaybackDetail']
export type PlaybackPage = Omit<S['PagedOfPlaybackRow'], 'items'> & { items: PlaybackRow[] }
export type TranscriptEmail = S['TranscriptEmailDto']

/** The list's filters as the URL and the API name them (ids for queue, agent and wrap-up; ISO dates for from/to). */
export interface PlaybackFilter {
  queue: string
  agent: string
  channel: string
  from: string
  to: string
  q: string
  customer: string
  wrapup: string
  page: string
}

export const filterKeys: readonly (keyof PlaybackFilter)[] = ['queue', 'agent', 'channel', 'from', 'to', 'q', 'customer', 'wrapup', 'page']
