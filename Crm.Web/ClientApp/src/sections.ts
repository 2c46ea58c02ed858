// Every signed-in section of the app: the navigation and the routes are both built from this list,
// so a new section is one entry here.
import type { RouteComponent } from 'vue-router'
import type { Role } from './api'

type LazyComponent = () => Promise<RouteComponent | { default: RouteComponent }>

/** A page reached by a link (a record, a case), not from the navigation. */
export interface LinkedPage {
  /** A route path with parameters, e.g. "/customers/:id". */
  path: string
  /** The document title until the page sets a better one (e.g. the customer's name). */
  title: string
  /** The user needs at least one of these roles; the section's roles when left out. */
  roles?: Role[]
  component: LazyComponent
}

export interface Section {
  path: string
  label: string
  /** The user needs at least one of these roles. */
  roles: Role[]
  component: LazyComponent
  /** Routes that belong to this section without a navigation entry of their own. */
  pages?: LinkedPage[]
}

const staff: Role[] = ['Agent', 'BackOffice', 'Supervisor', 'Admin']

// Contact-center administration (issue 11): queues and skills, agents, wrap-up and breaks, FAQ.
const adminSections: Section[] = [
  { path: '/admin/queues', label: 'Queues', roles: ['Admin'], component: () => import('./admin/QueuesAdminPage.vue') },
  { path: '/admin/agents', label: 'Agents', roles: ['Admin'], component: () => import('./admin/AgentsAdminPage.vue') },
  { path: '/admin/wrap-up', label: 'Wrap-up & breaks', roles: ['Admin'], component: () => import('./admin/CatalogsAdminPage.vue') },
  { path: '/admin/faq', label: 'FAQ', roles: ['Admin'], component: () => import('./admin/FaqAdminPage.vue') },
  { path: '/admin/whatsapp-templates', label: 'WhatsApp templates', roles: ['Admin'], component: () => import('./outbound/TemplatesAdminPage.vue') },
]

export const sections: Section[] = [
  // The agent desktop first: it is an agent's home page.
  { path: '/desktop', label: 'Desktop', roles: ['Agent'], component: () => import('./desktop/DesktopPage.vue') },
  // Back office next: it is the BackOffice role's home page.
  {
    path: '/back-office',
    label: 'Back office',
    // Assigning and closing cases is for agents and back office; Admin could only look.
    roles: ['BackOffice'],
    component: () => import('./pages/BackOfficePage.vue'),
  },
  {
    path: '/customers',
    label: 'Customers',
    roles: staff,
    component: () => import('./pages/CustomersPage.vue'),
    pages: [
      { path: '/customers/:id(\\d+)', title: 'Customer', component: () => import('./pages/CustomerPage.vue') },
      // Cases are reached from a customer record, the back office queue or a link; they live with customers.
      { path: '/cases/:id(\\d+)', title: 'Case', component: () => import('./pages/CasePage.vue') },
    ],
  },
  {
    path: '/monitor',
    label: 'Monitor',
    roles: ['Supervisor', 'Admin'],
    component: () => import('./monitor/MonitorPage.vue'),
    pages: [{ path: '/monitor/audit', title: 'Audit', component: () => import('./monitor/AuditPage.vue') }],
  },
  {
    path: '/monitor/chats',
    label: 'Chats in progress',
    roles: ['Supervisor', 'Admin'],
    component: () => import('./supervision/ChatsInProgressPage.vue'),
    pages: [{ path: '/monitor/chats/:id(\\d+)', title: 'Chat', component: () => import('./supervision/SupervisorChatPage.vue') }],
  },
  { path: '/reports', label: 'Reports', roles: ['Supervisor', 'Admin'], component: () => import('./reports/ReportsPage.vue') },
  {
    path: '/playback',
    label: 'Playback',
    roles: ['Supervisor', 'Admin'],
    component: () => import('./playback/PlaybackPage.vue'),
    pages: [
      { path: '/playback/:id(\\d+)', title: 'Playback', component: () => import('./playback/PlaybackConversationPage.vue') },
      { path: '/transcripts/:id(\\d+)', title: 'Transcript', roles: staff, component: () => import('./playback/TranscriptPage.vue') },
    ],
  },
  { path: '/admin/users', label: 'Users', roles: ['Admin'], component: () => import('./pages/UsersPage.vue') },
  ...adminSections,
  {
    path: '/admin/custom-fields',
    label: 'Custom fields',
    roles: ['Admin'],
    component: () => import('./pages/CustomFieldsPage.vue'),
  },
  { path: '/admin/channels', label: 'Channels', roles: ['Admin'], component: () => import('./pages/ChannelsAdminPage.vue') },
  { path: '/admin/entry-flow', label: 'Entry flow', roles: ['Admin'], component: () => import('./entryflow/EntryFlowPage.vue') },
  { path: '/admin/integrations', label: 'Integrations', roles: ['Admin'], component: () => import('./integrations/IntegrationsPage.vue') },
  {
    path: '/admin/crm-settings',
    label: 'CRM settings',
    roles: ['Admin'],
    component: () => import('./pages/CrmSettingsPage.vue'),
  },
]

export function sectionsFor(roles: readonly string[]): Section[] {
  return sections.filter((s) => s.roles.some((r) => roles.includes(r)))
}

/** Every route a section brings: its own page and its linked pages, each with the roles it needs. */
export function sectionRoutes() {
  return sections.flatMap((s) => [
    { path: s.path, component: s.component, meta: { roles: s.roles, title: s.label, section: s.path } },
    ...(s.pages ?? []).map((p) => ({
      path: p.path,
      component: p.component,
      // A page under the section's path (/customers/12) marks it as current; one elsewhere (/cases/7) marks none.
      meta: { roles: p.roles ?? s.roles, title: p.title, section: p.path.startsWith(`${s.path}/`) ? s.path : undefined },
    })),
  ])
}
