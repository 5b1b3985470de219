// Bundles `dutywatch console` (dist/console.mjs and its console-*.mjs chunks) after the TypeScript build: loading
// Ink, React, zod and ws as a few hundred separate modules cost most of the console's start-up (issue 12: first
// frame < 500 ms from exec). The bin uses the bundle when it exists and falls back to the compiled modules.
// Chunks split where the console imports lazily, so only what each step needs is parsed, minified (names too:
// half the bytes to read); `node --enable-source-maps` maps a crash's stack back through console-*.mjs.map.
import { existsSync, realpathSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  patchInkMeasureText,
  patchInkOutput,
  patchInkWrapText,
  patchStringWidth,
  patchStyledChars,
} from './console-bundle-patches.mjs';

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

/**
 * Our protocol modules only define schemas, so the ones the console never reaches (the collector's config, the
 * actions it receives, ingest) can be left out: zod builds every schema it is given while the console starts.
 */
const protocolWithoutSideEffects = {
  name: 'protocol-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /\.js$/ }, async (args) => {
      if (args.pluginData === 'resolving' || !args.importer.includes(join('dist', 'src'))) return undefined;
      const resolved = await build.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0 || !resolved.path.includes(join('dist', 'src', 'protocol')))
        return resolved;
      return { path: resolved.path, sideEffects: false };
    });
  },
};

/**
 * esbuild writes non-ASCII characters in strings as \u escapes but leaves them in regular expression literals,
 * as our text-matching code has (…, →, 叫应). The same escape means the same there, and keeps the chunks ASCII.
 */
const asciiSource = {
  name: 'ascii-source',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.includes(`${join('dist', 'src')}/`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!/[^\x00-\x7F]/.test(source)) return undefined;
      // An escaped non-ASCII character (`\…`) would become `\\u2026`; none exists, and this keeps it so.
      if (/\\[^\x00-\x7F]/.test(source))
        throw new Error(`${args.path}: backslash before a non-ASCII character`);
      const contents = source.replace(
        /[^\x00-\x7F]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      return { contents, loader: 'js' };
    });
  },
};

// The copies Ink and the console use (wrap-ansi brings an older string-width of its own, left as it is).
const inkOutput = realpathSync(join(root, 'node_modules', 'ink', 'build', 'output.js'));
const inkMeasureText = realpathSync(join(root, 'node_modules', 'ink', 'build', 'measure-text.js'));
const inkWrapText = realpathSync(join(root, 'node_modules', 'ink', 'build', 'wrap-text.js'));
const stringWidthIndex = realpathSync(join(root, 'node_modules', 'string-width', 'index.js'));
const styledChars = realpathSync(
  join(root, 'node_modules', '@alcalzone', 'ansi-tokenize', 'build', 'styledChars.js'),
);
/**
 * Ink's clipping, string-width and ansi-tokenize, patched to skip work, and Ink's two text caches bounded
 * (scripts/console-bundle-patches.mjs says what and why).
 */
const firstFramePatches = {
  name: 'first-frame-patches',
  setup(build) {
    const patches = new Map([
      [inkOutput, patchInkOutput],
      [inkMeasureText, patchInkMeasureText],
      [inkWrapText, patchInkWrapText],
      [stringWidthIndex, patchStringWidth],
      [styledChars, patchStyledChars],
    ]);
    build.onLoad({ filter: /(output|measure-text|wrap-text|index|styledChars)\.js$/ }, async (args) => {
      const patch = patches.get(args.path);
      if (!patch) return undefined;
      return { contents: patch(await readFile(args.path, 'utf8')), loader: 'js' };
    });
  },
};

/**
 * zod's namespace object carries its error messages in ~50 languages (260 kB, a quarter of the bundle to parse
 * before the first frame); the console reads them in English only (`z.config` is never called), so `z.locales`
 * keeps just `en`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /zod[/\\]v4[/\\](classic[/\\]external|core[/\\]index)\.js$/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

const yogaWasm = join('yoga-layout', 'dist', 'binaries', 'yoga-wasm-base64-esm.js');
/**
 * Yoga's Emscripten loader reads its inline `data:` wasm through `fetch` when there is one, and Node's first use
 * of `fetch` loads undici (~50 ms of a loaded machine's start-up). Without it, the loader decodes the base64 in
 * place, its own fallback: the same bytes.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, async (args) => {
      if (!args.path.endsWith(yogaWasm)) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: `const fetch = undefined;\n${source}`, loader: 'js' };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { console: entry },
  outdir: dirname(outfile),
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'console-[name]-[hash]',
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
  plugins: [
    shareInkLogUpdate,
    protocolWithoutSideEffects,
    yogaWithoutFetch,
    asciiSource,
    firstFramePatches,
    zodEnglishOnly,
  ],
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  write: false,
});
for (const file of result.outputFiles.filter((f) => f.path.endsWith('.mjs'))) {
  // One non-ASCII character makes V8 hold the whole chunk as a two-byte string, slower to decode and to scan.
  if (/[^\x00-\x7F]/.test(file.text))
    console.error(`bundle-console: ${relative(root, file.path)} is not ASCII`);
}
for (const name of await readdir(dirname(outfile))) {
  if (/^console(-.+)?\.mjs(\.map)?$/.test(name)) await rm(join(dirname(outfile), name));
}
for (const file of result.outputFiles) await writeFile(file.path, file.contents);
