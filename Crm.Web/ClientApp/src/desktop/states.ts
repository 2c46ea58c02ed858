// How agent states read on the desktop. Break reasons are the admin's (GET /api/agents/break-reasons), these until loaded.
import { ref } from 'vue'
import { api } from '../api'
import type { AgentStateName } from '../types'

// The admins' break reasons (Administration > Break reasons); plain "Break" until they load, or when none is set up.
export const breakReasons = ref<string[]>(['Break'])
void api.breakReasons().then((reasons) => { if (reasons.length > 0) breakReasons.value = reasons }).catch(() => undefined)

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
