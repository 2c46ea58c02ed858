// The custom field definitions, loaded once and shared by every customer form and record;
// the admin page refreshes them after a change.
import { shallowRef } from 'vue'
import { api } from './api'
import type { CustomFieldDefinition } from './types'

const definitions = shallowRef<CustomFieldDefinition[] | null>(null)
let loading: Promise<CustomFieldDefinition[]> | null = null

function bySortOrder(fields: CustomFieldDefinition[]): CustomFieldDefinition[] {
  return [...fields].sort((a, b) => a.sortOrder - b.sortOrder || a.label.localeCompare(b.label))
}

export function useCustomFields() {
  return definitions
}

/** The definitions in display order; `fresh` asks the server again. */
export async function loadCustomFields(fresh = false): Promise<CustomFieldDefinition[]> {
  if (definitions.value && !fresh) return definitions.value
  if (!loading || fresh) {
    loading = api
      .listCustomFields()
      .then((fields) => (definitions.value = bySortOrder(fields)))
      .finally(() => (loading = null))
  }
  return loading
}
