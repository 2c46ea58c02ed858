// Every signed-in section of the app: the navigation and the routes are both built from this list,
// so a new section is one entry here.
import type { RouteComponent } from 'vue-router'
import type { Role } from './api'

export interface Section {
  path: string
  label: string
  /** The user needs at least one of these roles. */
  roles: Role[]
  component: () => Promise<RouteComponent | { default: RouteComponent }>
}

export const sections: Section[] = [
  { path: '/admin/users', label: 'Users', roles: ['Admin'], component: () => import('./pages/UsersPage.vue') },
]

export function sectionsFor(roles: readonly string[]): Section[] {
  return sections.filter((s) => s.roles.some((r) => roles.includes(r)))
}
