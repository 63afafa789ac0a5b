// The officer console's build: served by each authority service under /console (libs/runtime
// src/http/console.ts), so every asset URL starts with /console/ and carries a content hash.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/officer-console', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles: the console's CSP allows only 'self'.
    assetsInlineLimit: 0,
  },
});
