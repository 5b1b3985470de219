import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/cap');
const SEEDS = [
  ...readdirSync(join(FIXTURES, 'spec')).map((f) => readFileSync(join(FIXTURES, 'spec', f), 'utf8')),
  readFileSync(join(FIXTURES, 'drill-flood-warning.xml'), 'utf8'),
];
// What a fuzzer splices in: markup, entities, the characters CAP values may not hold, and multi-byte text.
const PIECES = [
  '<',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '&#x110000;',
  ']]>',
  '<![CDATA[',
  '</info>',
  '<info>',
  ',',
  ' ',
  '\u0000',
  '汛',
  '😀',
  '"',
  "'",
  '<!--',
  '-->',
  '<?x?>',
  '\n',
];

/** mulberry32: the same mutations on every machine, so a failure names a case that can be replayed. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e += 1) {
    const at = Math.floor(random() * out.length);
    const len = Math.floor(random() * 12);
    switch (Math.floor(random() * 5)) {
      case 0: // delete a run
        out = out.slice(0, at) + out.slice(at + len);
        break;
      case 1: // splice in a troublesome piece
        out = out.slice(0, at) + (PIECES[Math.floor(random() * PIECES.length)] ?? '') + out.slice(at);
        break;
      case 2: // duplicate a run (repeated elements, unbalanced tags)
        out = out.slice(0, at + len) + out.slice(at, at + len) + out.slice(at + len);
        break;
      case 3: // truncate
        out = out.slice(0, at);
        break;
      default: // swap two runs (elements out of order)
        out = out.slice(at, at + len) + out.slice(0, at) + out.slice(at + len);
    }
  }
  return out;
}

describe('parseCap on mutated documents', () => {
  it('never throws, names every problem with a path, and what it accepts writes back to the same alert', () => {
    const random = randomFrom(20_260_719);
    let accepted = 0;
    for (let i = 0; i < 4000; i += 1) {
      const seed = SEEDS[i % SEEDS.length] as string;
      const input = mutate(seed, random);
      let result: ReturnType<typeof parseCap> | undefined;
      expect(() => {
        result = parseCap(input);
      }, `case ${i}`).not.toThrow();
      if (!result) continue;
      if (result.ok) {
        accepted += 1;
        const again = parseCap(writeCap(result.alert));
        expect(again, `case ${i}`).toEqual({ ok: true, alert: result.alert });
      } else {
        expect(result.problems.length, `case ${i}`).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(typeof p.path === 'string' && p.path.length > 0, `case ${i}`).toBe(true);
          expect(p.message.length, `case ${i}`).toBeGreaterThan(0);
        }
      }
    }
    // Some mutations only touch text or whitespace and leave a valid document: the round trip is exercised too.
    expect(accepted).toBeGreaterThan(50);
  });
});
