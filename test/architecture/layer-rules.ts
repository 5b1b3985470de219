/**
 * The layers of dutywatch as data (issue 18): for each folder, what it may import. A rule names the folder
 * its files live in, then either the only places it may import from (`only`) or the places it may not (`never`).
 * A place is a repo-relative folder or file prefix (`src/domain/`), or a package name (`ws`, `node:fs`).
 */
export type LayerRule = {
  /** Files whose repo-relative path starts with this. */
  files: string;
  /** Why the rule exists: printed with every breach, so the reader knows what to move instead. */
  why: string;
} & ({ only: readonly string[] } | { never: readonly string[] });

/** Everything that touches the disk, the network, a terminal or the collector's internals. */
const IMPURE_PACKAGES = [
  'node:',
  'ws',
  'better-sqlite3',
  'nodemailer',
  'ink',
  'react',
  'blessed',
  'fast-xml-parser',
];

/** The rules `npm test` enforces over src/ and server/. */
export const LAYER_RULES: readonly LayerRule[] = [
  {
    files: 'src/domain/',
    only: ['src/domain/', 'src/protocol/'],
    why: 'the domain is pure: time is a parameter, no I/O, no collector or client',
  },
  {
    files: 'src/protocol/',
    only: ['src/protocol/', 'zod'],
    why: 'the wire contract is shared by every side and depends on nothing but zod',
  },
  {
    files: 'src/state/',
    only: ['src/state/', 'src/domain/', 'src/protocol/', 'src/client/watch-events.ts'],
    why: 'the watch state is pure: it reduces what the link reports (src/client/watch-events.ts), nothing more',
  },
  {
    files: 'src/client/',
    never: ['server/', 'src/state/', 'src/console/', 'src/wall/', 'src/cli/'],
    why: 'the client link emits its own events; the store and the screens depend on it, not the other way',
  },
  {
    files: 'src/console/',
    never: ['server/', 'src/wall/', 'better-sqlite3', 'blessed', 'blessed-contrib'],
    why: 'a UI talks to the collector over the wire only',
  },
  {
    files: 'src/wall/',
    never: ['server/', 'src/console/', 'better-sqlite3', 'ink', 'react'],
    why: 'a UI talks to the collector over the wire only',
  },
  {
    files: 'src/relay/',
    never: ['server/', 'src/console/', 'src/wall/'],
    why: 'a gateway talks to the collector over the wire only',
  },
  {
    files: 'src/sl651/',
    never: ['server/', 'src/console/', 'src/wall/'],
    why: 'a gateway talks to the collector over the wire only',
  },
  {
    files: 'src/replay/',
    never: ['server/', 'src/console/', 'src/wall/'],
    why: 'a source talks to the collector over the wire only',
  },
  {
    files: 'src/cap/',
    never: ['server/', 'src/client/', ...IMPURE_PACKAGES.filter((name) => name !== 'fast-xml-parser')],
    why: 'CAP encoding is pure text in, text out; the collector and the relay both use it',
  },
  {
    files: 'src/log/',
    never: ['server/', 'src/client/', 'src/console/', 'src/wall/'],
    why: 'every side logs; the logger depends on none of them',
  },
  {
    files: 'src/db/',
    never: ['server/', 'src/client/', 'src/console/', 'src/wall/'],
    why: 'the migration runner is shared by the collector and the relay spool; it depends on neither',
  },
  {
    files: 'server/',
    never: ['src/cli/', 'src/console/', 'src/wall/', 'src/client/', 'ink', 'react', 'blessed'],
    why: 'the collector does not know its command line or its clients; the CLI composes them',
  },
];
