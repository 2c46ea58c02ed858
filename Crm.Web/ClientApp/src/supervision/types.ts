// Stepping into a chat: the supervisor's part (Genesys' silent monitor, coaching, barge-in) and the chats in progress.

/** Monitoring (silent), Coaching (whispers to the agents), Joined (barge-in); Left, TookOver and Ended close the part. */
export type SupervisionMode = 'Monitoring' | 'Coaching' | 'Joined' | 'Left' | 'TookOver' | 'Ended'

export interface SupervisorInChat {
  supervisorId: number
  supervisorName: string
  mode: SupervisionMode
  /** Unix milliseconds: since when in this mode. */
  since: number
}

/** Who supervises a chat, as the viewer may know it; `mine` is the viewer's own mode. */
export interface ChatSupervision {
  conversationId: number
  supervisors: SupervisorInChat[]
  mine: SupervisionMode | null
  /** The supervisor who took the chat over, if one did. */
  tookOverBy: string | null
}

/** The "taken-over" event, to the agent whose chat it was. */
export interface ChatTakenOver {
  conversationId: number
  supervisorId: number
  supervisorName: string
}

/** The "supervision" event. */
export interface SupervisionChanged {
  conversationId: number
  supervisors: SupervisorInChat[]
}

export interface ChatInProgress {
  id: number
  channel: string
  state: 'Offered' | 'Active'
  queueName: string
  customerId: number | null
  customerName: string | null
  address: string
  agentId: number | null
  agentName: string | null
  since: number
  supervisors: SupervisorInChat[]
}

/** A whisper in a thread: direction "whisper", shown with a "Coaching" label. */
export const whisperDirection = 'whisper'

export const modeLabel: Record<SupervisionMode, string> = {
  Monitoring: 'Monitoring',
  Coaching: 'Coaching',
  Joined: 'Joined',
  Left: 'Left',
  TookOver: 'Took over',
  Ended: 'Ended',
}
