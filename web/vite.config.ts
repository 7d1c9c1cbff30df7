import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npx vite --config web/vite.config.ts` serves the dashboard with hot reload and forwards the
// API to a service started with `npm start` (port 8080).
const api = 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 400 },
  server: { proxy: Object.fromEntries(['/api', '/fs', '/auth'].map((p) => [p, api])) },
});
