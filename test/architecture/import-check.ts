import path from 'node:path';
import ts from 'typescript';
import type { LayerRule } from './layer-rules.js';

/** One import a rule forbids: where it stands, what it names, and the rule's reason. */
export type ImportBreach = { file: string; line: number; imports: string; why: string };

/** A source file as the checker sees it: its repo-relative path (forward slashes) and its text. */
export type SourceFile = { path: string; text: string };

/**
 * What `specifier`, imported from `file`, names: a repo-relative path for a relative import (`.js` written for
 * a `.ts`/`.tsx` source is matched by prefix, so both resolve alike), the package name otherwise.
 */
export function importTarget(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
}

function matches(target: string, place: string): boolean {
  if (place.endsWith(':')) return target.startsWith(place);
  if (place.endsWith('/')) return target.startsWith(place);
  if (place.endsWith('.ts')) return target === place || target === `${place}x`;
  return target === place || target.startsWith(`${place}/`);
}

function isAllowed(rule: LayerRule, target: string): boolean {
  if ('only' in rule) return rule.only.some((place) => matches(target, place));
  return !rule.never.some((place) => matches(target, place));
}

/**
 * Every import in `files` that a rule forbids. Static, type-only, re-exported and dynamic (`import()`) imports all
 * count: TypeScript's own pre-processor finds them, so a string that merely looks like an import does not.
 */
export function findBreaches(files: readonly SourceFile[], rules: readonly LayerRule[]): ImportBreach[] {
  const breaches: ImportBreach[] = [];
  for (const file of files) {
    const applying = rules.filter((rule) => file.path.startsWith(rule.files));
    if (applying.length === 0) continue;
    const { importedFiles } = ts.preProcessFile(file.text, true, true);
    for (const imported of importedFiles) {
      const target = importTarget(file.path, imported.fileName);
      for (const rule of applying) {
        if (isAllowed(rule, target)) continue;
        const line = file.text.slice(0, imported.pos).split('\n').length;
        breaches.push({ file: file.path, line, imports: imported.fileName, why: rule.why });
      }
    }
  }
  return breaches;
}
