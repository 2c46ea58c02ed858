// The supervision endpoints: chats in progress, and monitor / whisper / barge / take over / leave on one chat.
import { http } from '../api'
import type { ChatMessage } from '../types'
import type { ChatInProgress, ChatSupervision } from './types'

export const supervisionApi = {
  chatsInProgress: () => http.get<ChatInProgress[]>('/api/supervision/chats'),
  get: (id: number) => http.get<ChatSupervision>(`/api/conversations/${id}/supervision`),
  monitor: (id: number) => http.post<ChatSupervision>(`/api/conversations/${id}/monitor`),
  whisper: (id: number, text: string) => http.post<ChatMessage>(`/api/conversations/${id}/whisper`, { text }),
  barge: (id: number) => http.post<ChatSupervision>(`/api/conversations/${id}/barge`),
  takeOver: (id: number) => http.post<ChatSupervision>(`/api/conversations/${id}/take-over`),
  leave: (id: number) => http.post<ChatSupervision>(`/api/conversations/${id}/leave`),
}
