import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linkLogLine } from '../../src/wall/link-log.js';
import { createWallLog } from '../../src/wall/wall-log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-wall-log-'));
  dirs.push(dir);
  return join(dir, 'wall.log');
};

describe('the wall log (--log FILE)', () => {
  it('creates its file at start, before there is anything to say', () => {
    const file = tempFile();
    const log = createWallLog(file);
    expect(existsSync(file)).toBe(true);
    expect(log.file).toBe(file);
  });

  it('writes every link change, where a repeated warning is written once a minute', () => {
    const file = tempFile();
    let at = 0;
    const log = createWallLog(file, () => at);
    for (let i = 0; i < 3; i += 1) {
      at += 5_000;
      log.event('link lost to ws://c: socket closed; reconnecting');
      log.write('no ping or frame for 38 s: dropping the link');
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.includes('link lost'))).toHaveLength(3);
    expect(lines.filter((l) => l.includes('no ping'))).toHaveLength(1);
  });

  it('summarises a link flapping faster than 30 changes a minute instead of filling the disk', () => {
    const file = tempFile();
    let at = 0;
    const log = createWallLog(file, () => at);
    for (let i = 0; i < 40; i += 1) log.event(`link lost ${i}`);
    at = 60_000;
    log.event('link up');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines.at(-1)).toContain('link up (10 link changes before this one not logged)');
  });
});

describe('linkLogLine', () => {
  const url = 'ws://10.0.0.5:8470';
  it.each([
    [
      { status: 'connecting', since: 0, attempt: 0 },
      { status: 'live', since: 100 },
      `link up to ${url} (attempt 1)`,
    ],
    [
      { status: 'live', since: 0 },
      { status: 'reconnecting', since: 1_000, attempt: 0, reason: 'socket closed' },
      `link lost to ${url}: socket closed; reconnecting`,
    ],
    [
      { status: 'reconnecting', since: 1_000, attempt: 4, reason: 'socket closed' },
      { status: 'live', since: 31_000 },
      `link up to ${url} after 30 s down (attempt 5)`,
    ],
    [
      { status: 'connecting', since: 0, attempt: 0 },
      { status: 'refused', since: 10, httpStatus: 401, reason: 'unknown token' },
      `refused by ${url}: HTTP 401 unknown token; trying again every minute`,
    ],
    [
      { status: 'reconnecting', since: 0, attempt: 1, reason: 'x' },
      { status: 'connecting', since: 5, attempt: 2 },
      undefined,
    ],
  ] as const)('%j -> %j', (before, after, want) => {
    expect(linkLogLine(before, after, url)).toBe(want);
  });
});
