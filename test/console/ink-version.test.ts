import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  fixInkIncrementalRendering,
  INK_VERIFIED,
  installedInkVersion,
} from '../../src/console/ink-incremental-fix.js';

describe('the Ink rendering fix (issue 18)', () => {
  it('is applied to the Ink installed, which is the one it was verified for', async () => {
    expect(installedInkVersion(createRequire(import.meta.url).resolve('ink'))).toBe(INK_VERIFIED);
    await expect(fixInkIncrementalRendering()).resolves.toBe(true);
  });
});
