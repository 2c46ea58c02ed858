import { ref, shallowRef } from 'vue'
import { ApiError, errorMessage } from './api'

/**
 * Splits a validation problem's `errors` into the form's own fields and the rest.
 * Server keys may be "UserName", "userName", "$.userName" or "roles[0]": all match the field `userName`.
 */
export function problemFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { byField: Partial<Record<F, string[]>>; other: string[] } {
  const byField: Partial<Record<F, string[]>> = {}
  const other: string[] = []
  if (!(error instanceof ApiError)) return { byField, other }

  const lookup = new Map(fields.map((f) => [f.toLowerCase(), f]))
  for (const [key, messages] of Object.entries(error.errors)) {
    const normalized = key
      .replace(/^\$\.?/, '')
      .replace(/\[\d*\]$/, '')
      .split('.')
      .pop()!
      .toLowerCase()
    const field = lookup.get(normalized)
    if (field) byField[field] = unique([...(byField[field] ?? []), ...messages])
    else other.push(...messages)
  }
  // A message said by its field is not said again in the list above the form.
  const placed = new Set(Object.values<string[] | undefined>(byField).flatMap((m) => m ?? []))
  return { byField, other: unique(other).filter((m) => !placed.has(m)) }
}

function unique(messages: readonly string[]): string[] {
  return [...new Set(messages)]
}

/**
 * A form's problem state after a failed save: messages by field, the rest, and the summary line above the form,
 * with the ids that tie a field to its message (aria-describedby).
 */
export function useFormProblem<F extends string>(formId: string, fields: readonly F[]) {
  const summary = ref<string | null>(null)
  const other = ref<string[]>([])
  const byField = shallowRef<Partial<Record<F, string[]>>>({})

  const messages = (field: F) => byField.value[field] ?? []
  const invalid = (field: F) => messages(field).length > 0
  const errorId = (field: F) => `${formId}-${field}-error`
  /** The field's hints and, when it is invalid, its message. */
  const describedBy = (field: F, ...hints: string[]) =>
    [...hints, ...(invalid(field) ? [errorId(field)] : [])].join(' ') || undefined

  function clear(): void {
    summary.value = null
    other.value = []
    byField.value = {}
  }

  /**
   * Shows every message of `error` once: by its field when the form has it, else in the list under the summary. A 409 is said
   * next to `conflictField` (the name that is taken) and not again above the form.
   */
  function show(error: unknown, options: { notSaved: string; conflictField?: F }): void {
    const problem = problemFieldErrors(error, fields)
    const conflict = options.conflictField
    if (conflict && error instanceof ApiError && error.status === 409 && !problem.byField[conflict])
      problem.byField[conflict] = [errorMessage(error)]
    byField.value = problem.byField
    const placed = Object.values<string[] | undefined>(problem.byField).flatMap((m) => m ?? [])
    const said = new Set([...placed, ...problem.other])
    other.value = problem.other
    if (placed.length) summary.value = `${options.notSaved} Correct the fields marked below.`
    else if (problem.other.length) summary.value = options.notSaved
    else summary.value = said.has(errorMessage(error)) ? options.notSaved : errorMessage(error)
  }

  /** A problem found before asking the server. */
  function showField(field: F, message: string): void {
    byField.value = { ...byField.value, [field]: unique([...(byField.value[field] ?? []), message]) }
    summary.value = 'Correct the fields marked below.'
  }

  return { summary, other, messages, invalid, errorId, describedBy, clear, show, showField }
}
