// Builds the softphone test page (index.html + main.ts) for test/sip/page-server.ts; the output folder is
// chosen by the caller, a temporary one.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  build: { emptyOutDir: true, minify: false, sourcemap: false, target: 'es2022', reportCompressedSize: false },
});
