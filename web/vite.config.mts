import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** `npm run dev:web` proxies every API path to the running API (`API_URL`, the local stack by default). */
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const apiPaths = ['/orders', '/products', '/admin', '/live', '/dev', '/openapi.json', '/docs', '/health'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // JSX compiles with React's automatic runtime; no plugin needed (dev reloads the page instead of Fast Refresh).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
