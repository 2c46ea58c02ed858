// Sorting a table by any of its columns: click a heading to sort by it, again to reverse; ties keep a stable order.
import { computed, ref, type Ref } from 'vue'

export function useSort<T, K extends string>(rows: Ref<T[]>, values: Record<K, (row: T) => string | number>, first: NoInfer<K>, tie: (a: T, b: T) => number) {
  const by = ref(first) as Ref<K>
  const descending = ref(false)

  function sort(key: K): void {
    if (by.value === key) descending.value = !descending.value
    else {
      by.value = key
      descending.value = false
    }
  }

  function ariaSort(key: K): 'ascending' | 'descending' | 'none' {
    return by.value === key ? (descending.value ? 'descending' : 'ascending') : 'none'
  }

  function marker(key: K): string {
    return by.value === key ? (descending.value ? ' ▼' : ' ▲') : ''
  }

  const sorted = computed(() => {
    const value = values[by.value]
    const dir = descending.value ? -1 : 1
    return [...rows.value].sort((a, b) => {
      const x = value(a)
      const y = value(b)
      return (x < y ? -1 : x > y ? 1 : tie(a, b)) * dir
    })
  })

  return { sorted, sort, ariaSort, marker }
}
