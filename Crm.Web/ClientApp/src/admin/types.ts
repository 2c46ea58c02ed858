// Client-side types of the administration API (/api/admin/...), as Crm.ServiceModel/Administration.cs defines them.

export interface AdminQueue {
  id: number
  name: string
  enabled: boolean
  skillIds: number[]
  memberIds: number[]
  /** Null: the contact center's default. */
  acceptanceSeconds: number | null
  postProcessingSeconds: number | null
  transactionCodesMandatory: boolean
  serviceLevelSeconds: number
  saveTranscriptAtWrapUp: boolean
  retired: boolean
  /** The queue's own business hours; null: always open. */
  businessHoursId: number | null
  /** Told to a customer whose chat enters the queue while it is closed; null: the entry point's message. */
  closedMessage: string | null
}

export type SaveQueue = Omit<AdminQueue, 'id' | 'retired' | 'memberIds'> & { memberIds?: number[] }

export interface Skill {
  id: number
  name: string
  retired: boolean
}

export type RejectPolicy = 'OnBreak' | 'RONA'

export interface AdminAgent {
  id: number
  userName: string
  displayName: string
  capacity: number
  canReject: boolean
  skillIds: number[]
  queueIds: number[]
  /** Null: the contact center's default policy. */
  rejectPolicy: RejectPolicy | null
  deactivated: boolean
}

export type SaveAgentProfile = Pick<AdminAgent, 'capacity' | 'canReject' | 'skillIds' | 'queueIds' | 'rejectPolicy'>

export type CatalogKind = 'wrapup-reasons' | 'transaction-codes' | 'break-reasons'

/** A wrap-up reason, transaction code (with code) or break reason. */
export interface CatalogItem {
  id: number
  name: string
  code: string | null
  position: number
  retired: boolean
}

export interface SaveCatalogItem {
  name: string
  code?: string
}

export interface AdminFaq {
  id: number
  title: string
  text: string
  tags: string[]
  queueIds: number[]
  position: number
  retired: boolean
}

export type SaveFaq = Pick<AdminFaq, 'title' | 'text' | 'tags' | 'queueIds'>

/** The limits the server enforces, said next to each field before anyone hits them. */
export const limits = {
  name: 100,
  code: 30,
  acceptance: [5, 600],
  postProcessing: [0, 3600],
  serviceLevel: [1, 3600],
  closedMessage: 1000,
  capacity: [1, 6],
  faqTitle: 200,
  faqText: 2000,
  faqTags: 10,
  faqTag: 40,
} as const
