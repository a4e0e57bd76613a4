// `npm run dev`: Vite serves the React client with HMR and runs the Worker (API, Durable Objects, D1) in workerd.
import { fileURLToPath } from 'node:url'
import { cloudflare } from '@cloudflare/vite-plugin'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  root: here('./client'),
  plugins: [
    react(),
    cloudflare({
      configPath: here('./wrangler.toml'),
      // The same local state `wrangler d1 migrations apply DB --local` and `npm start` use.
      persistState: { path: here('./.wrangler/state') },
      inspectorPort: process.env.INSPECTOR_PORT ? Number(process.env.INSPECTOR_PORT) : false,
    }),
  ],
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true },
})
