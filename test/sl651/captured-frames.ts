import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'sl651');

/** The frames of one fixture file (fixtures/sl651/README.md) by label, e.g. `up-34-0094`. */
export function capturedFrames(file: string): Map<string, Buffer> {
  const frames = new Map<string, Buffer>();
  for (const line of readFileSync(join(FIXTURES, file), 'utf8').split('\n')) {
    const [label, hex] = line.trim().split(/\s+/);
    if (!label || label.startsWith('#') || !hex) continue;
    frames.set(label, Buffer.from(hex, 'hex'));
  }
  return frames;
}

/** One frame by label; a typo in a label fails the test that asked, not silently. */
export function frameOf(frames: Map<string, Buffer>, label: string): Buffer {
  const frame = frames.get(label);
  if (!frame) throw new Error(`no frame ${label}`);
  return frame;
}
