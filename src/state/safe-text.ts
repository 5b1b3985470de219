import { unsafeTextPattern } from '../protocol/index.js';

// What the collector now refuses in multi-line text (line feeds and tabs stay: descriptions and notes break lines).
const UNSAFE = unsafeTextPattern('text', 'gu');

/**
 * `text` without the characters that could drive a terminal: C0/C1 controls but line feed and tab, DEL, bidi
 * overrides and isolates, lone surrogates. The collector refuses them on the way in (issue 13); this strips them
 * from what a database written before then may still hold, before any screen or report draws it.
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, '');
}

/**
 * `value` with {@link safeText} applied to every string inside it (object keys are codes, checked at ingest).
 * What is already clean comes back as the same object, so a clean feed costs one pattern test per string.
 */
export function safeStrings<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return safeText(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = clean(item);
      if (next !== item) {
        out ??= [...value];
        out[i] = next;
      }
    });
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    let out: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = clean(item);
      if (next !== item) {
        out ??= { ...value };
        out[key] = next;
      }
    }
    return out ?? value;
  }
  return value;
}
