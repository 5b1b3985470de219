import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.js';
import { startCollectorProcess } from '../helpers/collector-process.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect } from '../helpers/ws-client.js';
import { manyPeopleInput } from './callout-config.js';
import { calloutProcessPerTest, undelivered, untilOutboxDelivered } from './callout-process-per-test.js';

// A call-out to many is decided in one transaction and its recipients written in chunks after it. kill -9 after
// the first chunk, before the next: the restart resumes from the stored plan, and every planned person ends up
// a recipient exactly once, with their message delivered (at most one repeat, with the same key).

const PEOPLE = 60;

const perTest = calloutProcessPerTest('dutywatch-expand-crash-');

type Counts = { planned: number; expanded: number; plan: string | null; recipients: number; persons: number };

function stored(dbPath: string): Counts {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const c = db.prepare<[], Counts>('SELECT planned, expanded, plan FROM callouts').get() as Counts;
    const r = db
      .prepare<[], { recipients: number; persons: number }>(
        'SELECT COUNT(*) AS recipients, COUNT(DISTINCT person) AS persons FROM callout_recipients',
      )
      .get() as { recipients: number; persons: number };
    return { ...c, ...r };
  } finally {
    db.close();
  }
}

describe('a call-out written in chunks, across kill -9', () => {
  it('killed between chunks: the restart writes the rest, each person once, every message delivered', async () => {
    const { receiver, configPath, dbPath } = await perTest.prepare((url) => manyPeopleInput(url, PEOPLE));

    const first = await startCollectorProcess(configPath, dbPath, [], {
      DUTYWATCH_TEST_CRASH_AT: 'callout-expanding',
    });
    const ws = await connect(first.url, '/watch', TOKENS.officer);
    ws.on('error', () => {});
    ws.send(JSON.stringify({ type: 'callout.start', id: 'c1', group: 'many', message: '全体叫应' }));
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    const before = stored(dbPath);
    // The decision is stored whole; only part of it was written out as recipients.
    expect(before.planned).toBe(PEOPLE);
    expect(before.plan).not.toBeNull();
    expect(before.expanded).toBeGreaterThan(0);
    expect(before.expanded).toBeLessThan(PEOPLE);
    expect(before.recipients).toBe(before.expanded);
    const sentBeforeCrash = receiver.received.length;

    const second = await startCollectorProcess(configPath, dbPath);
    try {
      await receiver.until(() => receiver.counts().size === PEOPLE);
      await untilOutboxDelivered(dbPath);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    const after = stored(dbPath);
    expect(after).toEqual({
      planned: PEOPLE,
      expanded: PEOPLE,
      plan: null,
      recipients: PEOPLE,
      persons: PEOPLE,
    });
    expect(undelivered(dbPath)).toBe(0);
    const counts = [...receiver.counts().values()];
    expect(counts).toHaveLength(PEOPLE);
    expect(counts.filter((n) => n === 2).length).toBeLessThanOrEqual(sentBeforeCrash);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
  });
});
