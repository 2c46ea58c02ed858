// How agent states read on the desktop. Break reasons are the admin's (GET /api/agents/break-reasons), none until loaded.
import { ref } from 'vue'
import { api } from '../api'
import type { AgentStateName } from '../types'

export const breakReasons = ref<string[]>([])
void api.breakReasons().then((reasons) => (breakReasons.value = reasons)).catch(() => undefined)

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
