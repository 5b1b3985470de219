#!/usr/bin/env node
// React's development build costs ~80% more CPU per update (DESIGN.md); production unless told otherwise.
process.env.NODE_ENV ??= 'production';

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The console loads only what it needs: its first frame is a measured figure (npm run bench -- console).
const isConsole = process.argv[2] === 'console';
const entry = isConsole ? 'console-main' : 'main';
// The console's one-file bundle (scripts/bundle-console.mjs) first; a build without it still has main.js.
const built = [
  ...(isConsole ? [join(root, 'dist', 'console.mjs')] : []),
  ...[entry, 'main'].map((name) => join(root, 'dist', 'src', 'cli', `${name}.js`)),
].find(existsSync);

// DUTYWATCH_FROM_SOURCE=1 runs the TypeScript sources (tests, development) even when a build exists.
if (built && process.env.DUTYWATCH_FROM_SOURCE !== '1') {
  const { main } = await import(pathToFileURL(built).href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  // A checkout that was never built (npm install builds it): run the sources through tsx instead.
  const { tsImport } = await import('tsx/esm/api');
  const { main } = await tsImport(
    pathToFileURL(join(root, 'src', 'cli', `${entry}.ts`)).href,
    import.meta.url,
  );
  process.exitCode = await main(process.argv.slice(2));
}
