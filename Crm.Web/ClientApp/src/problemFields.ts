import { ApiError } from './api'

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
    if (field) byField[field] = [...(byField[field] ?? []), ...messages]
    else other.push(...messages)
  }
  return { byField, other }
}
