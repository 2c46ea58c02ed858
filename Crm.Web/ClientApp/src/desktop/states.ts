// How agent states read on the desktop. The server knows no list of break reasons: these are the desktop's.
import type { AgentStateName } from '../types'

export const breakReasons = ['Break', 'Lunch', 'Meeting', 'Training'] as const

export const stateLabels: Record<AgentStateName, string> = {
  Available: 'Available',
  OnBreak: 'On Break',
  Offline: 'Offline',
  RONA: 'RONA',
  PostProcessing: 'Post Processing',
}

/** The colour class of a state's dot: green, amber, red, grey, blue. */
export function stateTone(state: string): string {
  switch (state) {
    case 'Available':
      return 'tone-ok'
    case 'OnBreak':
      return 'tone-warn'
    case 'RONA':
      return 'tone-bad'
    case 'PostProcessing':
      return 'tone-info'
    default:
      return 'tone-off'
  }
}

/** The engine's reasons when it puts an agent On Break after a missed or rejected offer. */
export function isMissedOfferReason(reason: string | null | undefined): boolean {
  return !!reason && /^(missed|rejected) a chat/i.test(reason)
}
