import { defineConfig } from 'vite';

// Built into dist/ and embedded in Gateway.Proxy.dll (Gateway.Proxy/Dashboard/Dashboard.targets); served at /dashboard/.
export default defineConfig({
  base: '/dashboard/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One small app: a single script and stylesheet keep the page to three requests.
    cssCodeSplit: false,
    chunkSizeWarningLimit: 300,
  },
});
