import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBreaches, type SourceFile } from './import-check.js';
import { LAYER_RULES } from './layer-rules.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): SourceFile[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => {
      const file = path.posix.join(dir, name.split(path.sep).join('/'));
      return { path: file, text: readFileSync(path.join(ROOT, file), 'utf8') };
    });
}

function fixtureAt(fixture: string, pretendPath: string): SourceFile {
  return {
    path: pretendPath,
    text: readFileSync(path.join(import.meta.dirname, 'fixtures', fixture), 'utf8'),
  };
}

describe('the layers (issue 18)', () => {
  it('holds over src/ and server/: no file imports what its folder may not', () => {
    const files = [...sources('src'), ...sources('server')];
    expect(files.length).toBeGreaterThan(100);
    const breaches = findBreaches(files, LAYER_RULES).map(
      (b) => `${b.file}:${b.line} imports ${b.imports} (${b.why})`,
    );
    expect(breaches).toEqual([]);
  });

  it('catches a domain module that reads the disk', () => {
    const breaches = findBreaches(
      [fixtureAt('domain-reads-disk.ts', 'src/domain/rules/reads-disk.ts')],
      LAYER_RULES,
    );
    expect(breaches).toEqual([
      expect.objectContaining({ file: 'src/domain/rules/reads-disk.ts', imports: 'node:fs', line: 3 }),
    ]);
  });

  it('catches a UI or a gateway that imports the collector', () => {
    const text = fixtureAt('ui-reaches-collector.ts', '').text;
    const breaches = findBreaches(
      [
        { path: 'src/console/components/leak.ts', text },
        { path: 'src/wall/panels/leak.ts', text },
        { path: 'src/relay/spool/leak.ts', text },
        { path: 'src/sl651/frames/leak.ts', text },
      ],
      LAYER_RULES,
    );
    expect(breaches.map((b) => b.file)).toEqual([
      'src/console/components/leak.ts',
      'src/wall/panels/leak.ts',
      'src/relay/spool/leak.ts',
      'src/sl651/frames/leak.ts',
    ]);
    expect(new Set(breaches.map((b) => b.imports))).toEqual(new Set(['../../../server/collector.js']));
  });

  it('catches the client importing the watch state, and dynamic imports as well as static ones', () => {
    const breaches = findBreaches(
      [
        { path: 'src/client/link.ts', text: "import type { Action } from '../state/actions.js';\n" },
        {
          path: 'src/sl651/lazy.ts',
          text: "export const load = () => import('../../server/collector.js');\n",
        },
      ],
      LAYER_RULES,
    );
    expect(breaches.map((b) => `${b.file} ${b.imports}`)).toEqual([
      'src/client/link.ts ../state/actions.js',
      'src/sl651/lazy.ts ../../server/collector.js',
    ]);
  });

  it('lets a UI import the shared layers it is meant to use', () => {
    const text =
      "import { reduce } from '../state/reducer.js';\nimport { PATHS } from '../protocol/index.js';\n";
    expect(findBreaches([{ path: 'src/console/app.ts', text }], LAYER_RULES)).toEqual([]);
  });
});
