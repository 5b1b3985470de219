import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shakouTrappedReport } from '../server/demo-forces.js';

// Ink reads CI when it is imported and then draws only its last frame; the console's main.ts clears it the same way.
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

const { default: stringWidth } = await import('string-width');
const { loadConfigFile } = await import('../../server/config-file.js');
const { DEMO_CONFIG, DEMO_TOKENS } = await import('../../src/cli/demo.js');
const { startCollector } = await import('../helpers/start-collector.js');
const { connect, request } = await import('../helpers/ws-client.js');
const { until } = await import('./fake-terminal.js');
const { xtermTerminal } = await import('./xterm-terminal.js');
const { consoleOnTerminal } = await import('./console-on-terminal.js');

type Running = Awaited<ReturnType<typeof startCollector>>;
let running: Running;

// The demo county, with a roll call of two teams and the county team sent to a 较大涉险 flood.
beforeAll(async () => {
  running = await startCollector({ config: loadConfigFile(DEMO_CONFIG) });
  const source = await connect(running.url, '/ingest', DEMO_TOKENS.source);
  const at = new Date(Date.now() - 60_000).toISOString();
  for (const msg of [
    { type: 'team.status', id: 's-1', team: 'TEAM-COUNTY', available: 100, posture: 'standby', at },
    { type: 'team.status', id: 's-2', team: 'TEAM-T09', available: 25, posture: 'standby', at },
    shakouTrappedReport('r-1', 'INC-LINWAN', at),
    {
      type: 'team.dispatch',
      id: 'd-1',
      team: 'TEAM-COUNTY',
      incident: 'INC-LINWAN',
      headcount: 30,
      departedAt: at,
    },
  ]) {
    const reply = await request(source, msg);
    if (reply.type !== 'ack') throw new Error(`${msg.id} refused: ${reply.message}`);
  }
  source.close();
});
afterAll(() => running.stop());

describe.each([
  // At 80×24 the townships fill the page (the teams out are a scroll away); at 160×48 everything shows.
  [80, 24, 'zh', '救援力量  在岗 95 · 出动 30', '沙口镇                   2    25     0      1'],
  [80, 24, 'en', 'Rescue forces  on hand 95 - out 30', 'Shakou Zhen              2    25     0      1'],
  [160, 48, 'zh', '救援力量  在岗 95 · 出动 30', '汝川县应急救援队       → INC-LINWAN  30'],
  [160, 48, 'en', 'Rescue forces  on hand 95 - out 30', '→ INC-LINWAN  30'],
] as const)('the forces page on a terminal emulator at %i×%i (%s)', (columns, rows, lang, title, line) => {
  it('opens with f, within the frame, and closes with Esc', async () => {
    const t = xtermTerminal(columns, rows);
    const handle = await consoleOnTerminal(t, { url: running.url, token: DEMO_TOKENS.officer }, lang);
    try {
      await until(() => t.output().includes(lang === 'zh' ? '在线' : 'live'));
      t.type('f');
      await until(() => t.output().includes(title.split('  ')[0] ?? title));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await t.flushed();
      const screen = t.screen();
      if (process.env['DUTYWATCH_DUMP_SCREEN']) console.info(screen.join('\n'));
      const text = screen.join('\n');
      expect(text).toContain(title);
      expect(text).toContain(line);
      for (const row of screen) expect(stringWidth(row.trimEnd()), row).toBeLessThanOrEqual(columns);
      expect(screen.at(-1)?.trim()).toBe('');
      t.type('\u001B');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await t.flushed();
      expect(t.screen().join('\n')).not.toContain(title);
    } finally {
      await handle.stop();
      t.term.dispose();
    }
  }, 20_000);
});
