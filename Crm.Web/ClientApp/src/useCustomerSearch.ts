// Instant customer search: each keystroke restarts a short debounce, each new request cancels the one in
// flight, and only the answer to the latest query is ever shown.
import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { api, errorMessage, isAbort } from './api'
import type { Customer, Paged } from './types'

export const searchDebounceMs = 150

export function useCustomerSearch(pageSize = 25) {
  const query = ref('')
  const page = ref(1)
  const result = shallowRef<Paged<Customer> | null>(null)
  /** The query `result` answers (may lag `query` while typing). */
  const answered = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)

  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: AbortController | null = null

  async function run(): Promise<void> {
    clearTimeout(timer)
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    const q = query.value
    loading.value = true
    try {
      const answer = await api.searchCustomers(q, page.value, pageSize, controller.signal)
      if (controller.signal.aborted) return
      result.value = answer
      answered.value = q
      error.value = null
    } catch (e) {
      if (isAbort(e) || controller.signal.aborted) return
      error.value = errorMessage(e)
    } finally {
      if (inFlight === controller) {
        inFlight = null
        loading.value = false
      }
    }
  }

  /** After a keystroke: back to page 1, search once typing pauses. */
  function schedule(): void {
    page.value = 1
    clearTimeout(timer)
    timer = setTimeout(() => void run(), searchDebounceMs)
  }

  /** Search now (Enter, a page change, the first load). */
  function searchNow(toPage = page.value): Promise<void> {
    page.value = toPage
    return run()
  }

  onBeforeUnmount(() => {
    clearTimeout(timer)
    inFlight?.abort()
  })

  return { query, page, result, answered, loading, error, schedule, searchNow }
}
