/**
 * The browser bundle: the playground (index.html), the Dirac GAN page (dirac.html) and the image page
 * (images.html), built into
 * dist/web by `npm run build`. The `node-free` plugin fails the build when gankit's own code (src/,
 * web/src/) imports a Node built-in, so a Node dependency reaching the pages through src/browser.ts
 * cannot slip in. Packages are exempt: some guard a Node-only `require('crypto')` (seedrandom, under
 * tfjs-core) that Vite replaces by an empty module in the browser.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const nodeFree: Plugin = {
  name: 'node-free',
  enforce: 'pre',
  resolveId(source, importer) {
    const ours = importer !== undefined && !importer.includes('/node_modules/');
    if (ours && (source.startsWith('node:') || builtinModules.includes(source)))
      this.error(
        `${importer ?? 'an entry'} imports the Node built-in '${source}': the pages must stay Node-free`,
      );
    return null;
  },
};

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [nodeFree],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { index: page('index.html'), images: page('images.html'), dirac: page('dirac.html') },
    },
  },
});
