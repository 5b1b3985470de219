import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';

describe('the CLI loads commands lazily', () => {
  it('lists each command with the summary the command itself declares', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      expect({ name, summary: entry.summary }).toEqual({ name, summary: command.summary });
    }
  });
});
