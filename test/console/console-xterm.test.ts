import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Ink reads CI when it is imported and then draws only its last frame; the console's main.ts clears it the same way.
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

const { default: stringWidth } = await import('string-width');
const { startCollector } = await import('../helpers/start-collector.js');
const { TOKENS } = await import('../helpers/test-config.js');
const { connect, request } = await import('../helpers/ws-client.js');
const { until } = await import('./fake-terminal.js');
const { xtermTerminal } = await import('./xterm-terminal.js');
const { consoleOnTerminal } = await import('./console-on-terminal.js');

type Running = Awaited<ReturnType<typeof startCollector>>;
type Lang = 'zh' | 'en';

let running: Running;
beforeAll(async () => {
  running = await startCollector();
});
afterAll(() => running.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The panels are ruled rather than boxed: each panel's title line runs `Title ──── summary` to its right edge.
const RULE = '───';
// Ink's full clear (clearTerminal) and the classic home-and-erase.
const FULL_CLEAR = /\u001B\[2J|\u001B\[H\u001B\[J/g;

/** Streams `count` readings of G1 and R1 below their lines, one every few milliseconds. */
async function streamUpdates(url: string, first: number, count: number) {
  const source = await connect(url, '/ingest', TOKENS.source);
  source.setMaxListeners(0);
  const start = Date.now() - (count + 5) * 1000;
  try {
    for (let i = first; i < first + count; i += 1) {
      const isGauge = i % 2 === 0;
      const reply = await request(source, {
        type: 'reading',
        id: `xt-${start}-${i}`,
        station: isGauge ? 'G1' : 'R1',
        observedAt: new Date(start + i * 1000).toISOString(),
        level: isGauge ? 8 + (i % 17) / 10 : 96 + (i % 13) / 10,
      });
      if (reply.type !== 'ack') throw new Error(`reading refused: ${reply.message}`);
      await sleep(5);
    }
  } finally {
    source.close();
  }
}

const nonEmpty = (lines: string[]) => lines.filter((line) => line.trim() !== '').length;

describe.each([
  [80, 24, 'zh'],
  [80, 24, 'en'],
  [160, 48, 'zh'],
  [160, 48, 'en'],
] as [number, number, Lang][])('the console on a terminal emulator at %i×%i (%s)', (columns, rows, lang) => {
  it('keeps one intact frame through 100 updates: no ghosts, borders aligned next to CJK, no full clears', async () => {
    const t = xtermTerminal(columns, rows);
    const handle = await consoleOnTerminal(t, { url: running.url, token: TOKENS.viewer }, lang);
    try {
      const live = lang === 'zh' ? '在线' : 'live';
      await until(() => t.output().includes(live));
      await sleep(300);
      await t.flushed();
      const firstFrameBytes = t.output().length;
      const before = t.screen();

      // 100 updates in two halves: the frame must look the same size after each.
      await streamUpdates(running.url, 0, 50);
      await sleep(400);
      await t.flushed();
      const mid = t.screen();
      await streamUpdates(running.url, 50, 50);
      await sleep(400);
      await t.flushed();
      const after = t.screen();
      if (process.env['DUTYWATCH_DUMP_SCREEN']) console.info(after.join('\n'));

      // The last row is never drawn on (the frame is rows - 1 tall) and nothing is left below the frame.
      expect(after.at(-1)?.trim()).toBe('');
      // The header appears once; the frame does not creep down the screen leaving copies behind.
      const header = after[0] ?? '';
      expect(header.trim()).not.toBe('');
      expect(after.filter((line) => line === header)).toHaveLength(1);
      expect(before.filter((line) => line === header).length).toBeLessThanOrEqual(1);
      expect(nonEmpty(after)).toBeLessThanOrEqual(nonEmpty(mid));
      expect(nonEmpty(after)).toBeLessThan(rows);

      // Ruled title lines end at a panel's right edge: the terminal's, or (side by side) the left column's.
      const rules = after.filter((line) => line.includes(RULE)).map((line) => stringWidth(line.trimEnd()));
      expect(rules.length).toBeGreaterThan(1);
      expect(rules).toContain(columns);
      expect(new Set(rules.filter((w) => w !== columns)).size).toBeLessThanOrEqual(1);
      // The water rows, with the (CJK) station names, end in the same column as the Water panel's rule.
      const names = lang === 'zh' ? ['汝河大桥', '白龟湖水'] : ['Ruhe Bridge', 'Baigui Lak'];
      const waterRule = after.find((line) => line.includes(lang === 'zh' ? '水情' : 'Water ─'));
      expect(waterRule).toBeDefined();
      const waterEdge = stringWidth((waterRule ?? '').trimEnd());
      for (const name of names) {
        const row = after.find(
          (line) => line.includes(name) && !line.includes(RULE) && /\d+s$/.test(line.trim()),
        );
        expect({ name, row, width: stringWidth((row ?? '').trimEnd()) }).toEqual({
          name,
          row,
          width: waterEdge,
        });
      }

      // No frame after the first clears the whole screen.
      const later = t.output().slice(firstFrameBytes);
      expect(later.match(FULL_CLEAR) ?? []).toHaveLength(0);
      expect(later.length).toBeGreaterThan(0);
    } finally {
      await handle.stop();
      t.term.dispose();
    }
  }, 20_000);
});
