import { createApp, nextTick } from 'vue'
import App from './App.vue'
import { router } from './router'
import { forgetSession, loadMe } from './auth'
import { setUnauthorizedHandler } from './api'
import './styles.css'

// A signed-in call answered 401: the session is gone, so ask the user to sign in again and come back.
setUnauthorizedHandler(() => {
  forgetSession()
  const current = router.currentRoute.value
  if (current.name !== 'signin') void router.replace({ name: 'signin', query: { redirect: current.fullPath } })
})

async function start(): Promise<void> {
  await loadMe()
  const app = createApp(App)
  app.use(router)
  try {
    await router.isReady()
  } catch (error) {
    console.error('First navigation failed', error)
  }
  app.mount('#app')
  await nextTick()
  // Browser tests wait for html[data-app-ready=true] before they click.
  document.documentElement.dataset.appReady = 'true'
}

void start()
