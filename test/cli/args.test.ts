import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../../src/cli/args.js';

const OPTIONS = { start: { type: 'string' }, speed: { type: 'string' }, quiet: { type: 'boolean' } } as const;

describe('parseOptions', () => {
  it('takes a relative time or a negative number after an option as its value (`--start -6h`)', () => {
    const { values } = parseOptions('replay', ['--start', '-6h', '--speed', '-1.5'], OPTIONS);
    expect(values).toMatchObject({ start: '-6h', speed: '-1.5' });
  });

  it('still reads an option after an option as a missing value, and a flag as a flag', () => {
    expect(() => parseOptions('replay', ['--start', '--speed', 'max'], OPTIONS)).toThrow(UsageError);
    expect(parseOptions('replay', ['--quiet', '--start', 'now'], OPTIONS).values).toMatchObject({
      quiet: true,
      start: 'now',
    });
  });
});
