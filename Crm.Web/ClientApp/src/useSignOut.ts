import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { signOut } from './auth'

/** Sign out on the server, then go to the sign-in page (even if the server could not be reached). */
export function useSignOut() {
  const router = useRouter()
  const signingOut = ref(false)

  async function onSignOut(): Promise<void> {
    signingOut.value = true
    try {
      await signOut()
    } catch {
      // The session is dropped locally either way.
    } finally {
      signingOut.value = false
    }
    await router.push({ name: 'signin' })
  }

  return { signingOut, onSignOut }
}
