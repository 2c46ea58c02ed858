/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `dotnet run` serves Crm.Web on this port (Properties/launchSettings.json).
const backend = process.env.CRM_BACKEND_URL ?? 'http://localhost:5170'

export default defineConfig({
  plugins: [vue()],
  build: {
    // Crm.Web serves the built app from its wwwroot; ClientApp.targets runs this build during `dotnet build`.
    outDir: '../wwwroot',
    emptyOutDir: true,
  },
  // `npm test` (and ./test.sh): unit tests of the stores and formatting, in a browser-like DOM.
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': backend,
      '/openapi': backend,
    },
  },
})
