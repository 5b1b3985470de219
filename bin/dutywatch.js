#!/usr/bin/env node
// React's development build costs ~80% more CPU per update (DESIGN.md); production unless told otherwise.
process.env.NODE_ENV ??= 'production';

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The console loads only what it needs: its first frame is a measured figure (npm run bench -- console).
const isConsole = process.argv[2] === 'console';

// The console runs for days on a desk PC beside other programs. With V8's defaults on a machine with much RAM, its
// heap lets ~100 MB of garbage pile up between full collections (docs/BENCHMARKS.md §5, issue 19.5). A heap growing
// factor of 1.1 and a young generation that stays at its starting size cut its peak resident memory by about a
// quarter for ~7 % more CPU, with the same alert-to-screen time; V8's --optimize-for-size would halve it but made
// that time half again as long, so it is not used. Heap sizes themselves can only be set on node's command line;
// these two can be set here, before anything is loaded. A flag the user passes about either (on node's command
// line or in NODE_OPTIONS) leaves both to the user.
const userFlags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
if (isConsole && !/heap[-_]growing|semi[-_]space/.test(userFlags)) {
  setFlagsFromString('--heap-growing-percent=10');
  setFlagsFromString('--semi-space-growth-factor=1');
}
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
