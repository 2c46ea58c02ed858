// What the agent's desktop knows of supervisors in its chats: filled from GET .../supervision and the "supervision" event.
// The server leaves out a silent monitor when Crm:Supervision:ShowMonitorIndicator is false, so nothing here hides it.
import { reactive } from 'vue'
import { conversationTitle, desk, toast } from '../desktop/desk'
import type { ChatTakenOver, SupervisionChanged, SupervisorInChat } from './types'
import { supervisionApi } from './api'

export const supervisedChats = reactive<Record<number, SupervisorInChat[]>>({})
/** Chats a supervisor took over from this agent, with the supervisor's name: the wrap-up says so. */
export const takenOverBy = reactive<Record<number, string>>({})

export function onSupervisionEvent(data: unknown): void {
  const event = data as SupervisionChanged
  supervisedChats[event.conversationId] = event.supervisors
}

export function onTakenOver(data: unknown): void {
  const event = data as ChatTakenOver
  takenOverBy[event.conversationId] = event.supervisorName
  const chat = desk.conversations[event.conversationId]
  toast('info', `${event.supervisorName} took over the chat with ${chat ? conversationTitle(chat) : 'a customer'}. Wrap it up when you are ready.`)
}

export async function loadSupervision(conversationId: number): Promise<void> {
  try {
    const answer = await supervisionApi.get(conversationId)
    supervisedChats[conversationId] = answer.supervisors
    if (answer.tookOverBy) takenOverBy[conversationId] = answer.tookOverBy
  } catch {
    // unknown for now: the next event says
  }
}
