// Bundles `dutywatch console` into one file (dist/console.mjs) after the TypeScript build: loading Ink, React,
// zod and ws as a few hundred separate modules cost most of the console's start-up (issue 12: first frame
// < 500 ms from exec). The bin uses the bundle when it exists and falls back to the compiled modules.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'cli', 'console-main.js');
const outfile = join(root, 'dist', 'console.mjs');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('bundle-console: esbuild not installed; the console runs from the compiled modules');
  process.exit(0);
}
if (!existsSync(entry)) {
  console.error('bundle-console: build first (tsc -p tsconfig.build.json)');
  process.exit(1);
}

const inkLogUpdate = join(root, 'node_modules', 'ink', 'build', 'log-update.js');
/** Keeps Ink's log-update as the one module in node_modules, so our incremental-rendering fix patches it. */
const shareInkLogUpdate = {
  name: 'share-ink-log-update',
  setup(build) {
    build.onResolve({ filter: /\/log-update\.js$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'ink')}`)
        ? { path: `./${relative(dirname(outfile), inkLogUpdate)}`, external: true }
        : undefined,
    );
    // Ink imports React's devtools only in development; a production console never loads it.
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({
      path: 'react-devtools-core',
      namespace: 'stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default {};',
      loader: 'js',
    }));
  },
};

await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ws loads these optional native helpers only if present.
  external: ['bufferutil', 'utf-8-validate'],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    js: "import { createRequire as __dwCreateRequire } from 'node:module'; const require = __dwCreateRequire(import.meta.url);",
  },
  plugins: [shareInkLogUpdate],
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
