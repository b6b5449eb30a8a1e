import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // Two entries over one composition root: the Electron shell and the plain-Node headless server.
        // The headless bundle must never reach `electron`; test/unit/layers.test.ts guards the sources.
        input: {
          index: resolve(root, 'src/main/index.ts'),
          headless: resolve(root, 'src/main/headless.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads run as CommonJS with only a few Electron modules available: bundle everything in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [vue()],
    build: {
      rolldownOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
  },
});
