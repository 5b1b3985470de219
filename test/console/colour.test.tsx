import { describe, expect, it, vi } from 'vitest';

// Chalk decides its colour level when Ink is first imported; the test process has no TTY, so ask for colour
// before any import runs, to see the escape codes the terminal would get.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
});

const { reduce } = await import('../../src/state/reducer.js');
const { LOCAL, liveState } = await import('./console-fixtures.js');
const { renderApp, settle } = await import('./render-app.js');

const DIM = '\u001B[2m';
// A foreground colour: 30–37 or 90–97 (16 colours), or the 256/true-colour forms.
const COLOUR = /\u001B\[(3[0-7]|9[0-7]|38;[25];)/;

describe('colour', () => {
  it('draws severity and state in colour next to their words', async () => {
    const a = renderApp({ lang: 'en' });
    await settle();
    expect(a.frame()).toMatch(COLOUR);
    a.unmount();
  });

  it('uses no colour at all under NO_COLOR, only the words and glyphs', async () => {
    const a = renderApp({ lang: 'en', settings: { hasColor: false } });
    await settle();
    expect(a.frame()).not.toMatch(COLOUR);
    expect(a.frame()).toContain('■ CRIT');
    a.unmount();
  });

  it('dims every row of a panel whose data is frozen, and only then', async () => {
    const live = renderApp({ lang: 'en', settings: { hasColor: false } });
    await settle();
    const liveRow =
      live
        .frame()
        .split('\n')
        .find((l) => l.includes('Ruhe Bridge') && l.includes('m/h')) ?? '';
    expect(liveRow).not.toContain(DIM);
    live.unmount();
    const down = [
      { type: 'conn.lost' as const, at: LOCAL + 10_000, reason: 'link closed (1006)' },
      { type: 'conn.offline' as const, at: LOCAL + 12_000 },
    ].reduce(reduce, liveState());
    const a = renderApp({ state: down, lang: 'en', settings: { hasColor: false } });
    await settle();
    const row =
      a
        .frame()
        .split('\n')
        .find((l) => l.includes('Ruhe Bridge') && l.includes('m/h')) ?? '';
    expect(row).toContain(DIM);
    a.unmount();
  });
});
