// The entry flow's contracts (Crm.ServiceModel/EntryFlow.cs): entry points, business hours, special days, emergencies.

export const weekDays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export type WeekDay = (typeof weekDays)[number]

export type BotKind = 'none' | 'builtin' | 'external'
export type ReplyMode = 'public' | 'private'

export interface OpeningSlot {
  day: WeekDay | string
  /** "HH:mm", local time in the schedule's zone. */
  open: string
  /** "HH:mm"; at or before the open, the slot runs past midnight; "24:00" is midnight. */
  close: string
}

export interface BusinessHours {
  id: number
  name: string
  timeZone: string
  slots: OpeningSlot[]
  openNow: boolean
  /** Unix ms of the next opening when closed. */
  opensAt: number | null
  closesAt: number | null
}

export interface SaveBusinessHours {
  name: string
  timeZone: string
  slots: OpeningSlot[]
}

export interface SpecialDay {
  id: number
  /** yyyy-MM-dd in the schedule's zone. */
  date: string
  name: string
  closed: boolean
  open: string | null
  close: string | null
  message: string
  repeatsYearly: boolean
  businessHoursId: number | null
}

export type SaveSpecialDay = Omit<SpecialDay, 'id'>

export interface EntryPoint {
  id: number
  /** An entry-point kind of the channel catalog ("webchat", "x-public"...). */
  channel: string
  address: string | null
  queueId: number
  queueName: string
  businessHoursId: number | null
  outsideHoursMessage: string
  specialDayMessage: string | null
  replyMode: ReplyMode
  routeAnyway: boolean
  bot: BotKind
  botUrl: string | null
  botSecretSet: boolean
  botGreeting: string | null
  botMaxMisses: number
  botMaxMessages: number
  /** open, closed, emergency or "special day: <name>". */
  status: string
  /** The bot closes a chat after this many minutes of the customer's silence; null: never. */
  botSilenceMinutes: number | null
  botClosingMessage: string | null
}

export interface SaveEntryPoint {
  channel: string
  address: string | null
  queueId: number | null
  businessHoursId: number | null
  outsideHoursMessage: string
  specialDayMessage: string | null
  replyMode: ReplyMode
  routeAnyway: boolean
  bot: BotKind
  botUrl: string | null
  /** Left empty on an edit, the stored secret stays. */
  botSecret: string | null
  botGreeting: string | null
  botMaxMisses: number
  botMaxMessages: number
  botSilenceMinutes: number | null
  botClosingMessage: string | null
}

export interface Emergency {
  /** null: the switch for every entry point. */
  entryPointId: number | null
  active: boolean
  message: string
  holdRouting: boolean
  changedAt: number
}

export type SetEmergency = Omit<Emergency, 'changedAt'>
