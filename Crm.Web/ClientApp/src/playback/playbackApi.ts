// Playback's HTTP calls.
import { http } from '../api'
import type { PlaybackDetail, PlaybackFilter, PlaybackPage, TranscriptEmail } from './types'

function filterQuery(filter: Partial<PlaybackFilter>, extra: Record<string, string> = {}): string {
  return http.query({ ...filter, ...extra })
}

export const playbackApi = {
  list: (filter: Partial<PlaybackFilter>) => http.get<PlaybackPage>(`/api/playback${filterQuery(filter)}`),
  get: (id: number) => http.get<PlaybackDetail>(`/api/playback/${id}`),
  /** Links, not calls: the browser downloads them itself. */
  exportUrl: (filter: Partial<PlaybackFilter>, timeZone: string) =>
    `/api/playback/export${filterQuery({ ...filter, page: '' }, { timeZone })}`,
  transcriptUrl: (id: number, format: 'text' | 'html', timeZone: string) =>
    `/api/playback/${id}/transcript${http.query({ format, timeZone })}`,
  emailTranscript: (id: number, to: string, timeZone: string) =>
    http.post<TranscriptEmail>(`/api/conversations/${id}/email-transcript`, { to, timeZone }),
}
