import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router'
import { auth } from './auth'
import { sectionRoutes, sectionsFor } from './sections'
import AppShell from './components/AppShell.vue'
import SignInPage from './pages/SignInPage.vue'
import WelcomePage from './pages/WelcomePage.vue'
import NotFoundPage from './pages/NotFoundPage.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable when signed out. */
    public?: boolean
    /** The user needs one of these roles; the shell shows "not allowed" otherwise. */
    roles?: readonly string[]
    title?: string
    /** The navigation entry to mark as current (a record page marks its section). */
    section?: string
  }
}

/** Only same-app paths are followed after sign-in (no open redirect to another site). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/signin')
    ? value
    : null
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/signin', name: 'signin', component: SignInPage, meta: { public: true, title: 'Sign in' } },
    // The customer's web chat: public, outside the signed-in shell, loaded only when visited.
    { path: '/chat', name: 'webchat', component: () => import('./webchat/WebChatPage.vue'), meta: { public: true, title: 'Chat with us' } },
    {
      path: '/',
      component: AppShell,
      children: [
        {
          path: '',
          name: 'home',
          component: WelcomePage,
          meta: { title: 'Welcome' },
          // Home is the first section the user's roles allow; the welcome page is for roles with none yet.
          beforeEnter: () => sectionsFor(auth.me?.roles ?? [])[0]?.path ?? true,
        },
        ...sectionRoutes(),
        { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundPage, meta: { title: 'Page not found' } },
      ],
    },
  ],
})

router.beforeEach((to): RouteLocationRaw | true => {
  if (to.meta.public) {
    if (to.name === 'signin' && auth.me) return safeRedirect(to.query.redirect) ?? '/'
    return true
  }
  if (!auth.me) return { name: 'signin', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · CrmSuite` : 'CrmSuite'
})
