import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/console/strings.js';
import { buildHeader } from '../../src/console/view-model.js';
import type { Action } from '../../src/state/actions.js';
import { reduce } from '../../src/state/reducer.js';
import { selectWallView } from '../../src/state/selectors/wall-view.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { NIGHT, server, snapshot } from './feed-fixtures.js';

const LOCAL = 1_000_000;
const run = (actions: Action[]) => actions.reduce(reduce, initialWatchState as WatchState);
const opts = (lang: 'zh' | 'en') =>
  ({ lang, names: lang === 'zh' ? 'zh' : 'ascii', isAscii: false, showSeconds: false }) as const;

// Issue 15.7: a collector on a clock set by hand says so in every header.
describe('a simulated clock in the headers', () => {
  const drill = run([
    server({ ...snapshot(), simulatedClock: { startedAt: NIGHT, rate: 60 } }, LOCAL),
    { type: 'conn.live', at: LOCAL },
  ]);
  const real = run([server(snapshot(), LOCAL), { type: 'conn.live', at: LOCAL }]);

  it('puts 演练时钟 / SIMULATED CLOCK before the console header time', () => {
    expect(buildHeader(drill, LOCAL, opts('zh'), stringsFor('zh')).time).toBe('演练时钟 02:00');
    expect(buildHeader(drill, LOCAL, opts('en'), stringsFor('en')).time).toBe('SIMULATED CLOCK 02:00');
    expect(buildHeader(real, LOCAL, opts('en'), stringsFor('en')).time).toBe('02:00');
  });

  it('puts it before the wall header time, and keeps it across clock messages', () => {
    const later = reduce(drill, {
      type: 'server',
      at: LOCAL + 5_000,
      msg: { v: 1, type: 'clock', now: NIGHT + 300_000, clockRate: 60, seq: 0 },
    } as Action);
    expect(selectWallView(later, LOCAL + 5_000, { names: 'zh' }).header.time).toMatch(/^演练时钟 02:05/);
    expect(selectWallView(real, LOCAL, { names: 'ascii' }).header.time).toBe('02:00:00');
  });
});
