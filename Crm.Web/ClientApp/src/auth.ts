// The signed-in user, shared by every page. `me` is null when signed out.
import { reactive, readonly } from 'vue'
import { api, ApiError, errorMessage, type Me } from './api'
import { loadChannelCatalog } from './catalog/channelCatalog'

const state = reactive({
  me: null as Me | null,
  /** Set when the start-up check failed for a reason other than "signed out". */
  startupError: null as string | null,
})

export const auth = readonly(state)

export function hasAnyRole(roles: readonly string[]): boolean {
  return !!state.me && state.me.roles.some((r) => roles.includes(r))
}

/** Start-up check: 401 means signed out, anything else is reported on the sign-in page. */
export async function loadMe(): Promise<void> {
  try {
    state.me = await api.me()
    state.startupError = null
    await loadChannelCatalog().catch(() => undefined) // channel names on the first page drawn; AppShell tries again
  } catch (error) {
    state.me = null
    state.startupError = error instanceof ApiError && error.status === 401 ? null : errorMessage(error)
  }
}

export async function signIn(userName: string, password: string): Promise<Me> {
  const me = await api.login(userName, password)
  await loadChannelCatalog().catch(() => undefined)
  state.me = me
  state.startupError = null
  return me
}

export async function signOut(): Promise<void> {
  try {
    await api.logout()
  } finally {
    state.me = null
  }
}

/** The session ended on the server (a 401 from a signed-in call). */
export function forgetSession(): void {
  state.me = null
}
