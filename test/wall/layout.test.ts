import { describe, expect, it } from 'vitest';
import { bigLines, bigWidth } from '../../src/wall/big-type.js';
import { MIN_SIZE, planLayout } from '../../src/wall/layout.js';
import { chooseTerminal } from '../../src/wall/terminal-mode.js';

describe('planLayout', () => {
  it('gives charts the rows they need on a large graphical terminal: under the tiles, and a page of their own', () => {
    const plan = planLayout(160, 48, { isTty: false, stations: 5 });
    if (plan.kind !== 'grid') throw new Error('expected a grid');
    expect(plan.scale).toBe('large');
    // Under the five tiles and their legend, room for four charts of 11 rows (six of plot) in two columns; the
    // page of charts has all five, 13 rows each (issue 20.3: they had 7, two rows of plot).
    expect(plan.pages).toEqual(['water', 'trend', 'stock', 'incidents', 'alerts', 'forces']);
    expect(plan.water).toMatchObject({ tiles: 5, legendRows: 2 });
    expect(plan.water.charts).toEqual({ charts: 4, columns: 2, chartRows: 11, top: 18 });
    expect(plan.trend).toEqual({ charts: 5, columns: 2, chartRows: 13, top: 1 });
    expect(plan.bodyTop + plan.bodyRows).toBe(48);
    // Every station's chart under the tiles when there is room: then no page of charts.
    const two = planLayout(160, 48, { isTty: false, stations: 2 });
    expect(two.kind === 'grid' && two.pages).toEqual(['water', 'stock', 'incidents', 'alerts', 'forces']);
  });

  it('moves the charts to a page of their own at 80×24, and has none in TTY mode', () => {
    const plan = planLayout(80, 24, { isTty: false, stations: 5 });
    if (plan.kind !== 'grid') throw new Error('expected a grid');
    expect(plan.pages).toEqual(['water', 'trend', 'stock', 'incidents', 'alerts', 'forces']);
    expect(plan.water).toMatchObject({ tiles: 5, charts: { charts: 0 } });
    expect(plan.trend).toMatchObject({ charts: 2, chartRows: 9 });
    const tty = planLayout(80, 24, { isTty: true, stations: 5 });
    expect(tty.kind === 'grid' && tty.pages).toEqual(['water', 'stock', 'incidents', 'alerts', 'forces']);
    const big = planLayout(200, 60, { isTty: true, stations: 5 });
    expect(big.kind === 'grid' && big.water.charts.charts + big.trend.charts).toBe(0);
  });

  it('shows as many station tiles as fit, worst first, on a small wall', () => {
    const plan = planLayout(80, 24, { isTty: false, stations: 12 });
    expect(plan.kind === 'grid' && plan.water.tiles).toBe(6);
  });

  it('asks for the "too small" page below 80×24', () => {
    expect(planLayout(79, 24, { isTty: false, stations: 5 }).kind).toBe('too-small');
    expect(planLayout(80, 23, { isTty: false, stations: 5 }).kind).toBe('too-small');
    expect(planLayout(20, 8, { isTty: false, stations: 5 }).kind).toBe('too-small');
    expect(planLayout(MIN_SIZE.cols, MIN_SIZE.rows, { isTty: false, stations: 0 }).kind).toBe('grid');
  });
});

describe('chooseTerminal', () => {
  it('uses blessed’s own xterm-256color for every 256-colour TERM, and the console’s entry for linux', () => {
    expect(chooseTerminal('tmux-256color')).toBe('xterm-256color');
    expect(chooseTerminal('screen-256color')).toBe('xterm-256color');
    expect(chooseTerminal('xterm-256color')).toBe('xterm-256color');
    expect(chooseTerminal('linux')).toBe('linux');
    expect(chooseTerminal('screen')).toBe('xterm');
    expect(chooseTerminal(undefined)).toBe('xterm');
  });
});

describe('bigLines', () => {
  it('draws figures three rows high in half blocks, five rows in large type', () => {
    expect(bigLines('1.5', 'small')).toEqual(['▄█    █▀▀', ' █    ▀▀█', '▀▀▀ ▀ ▀▀▀']);
    expect(bigLines('7', 'large')).toEqual(['██████', '    ██', '    ██', '    ██', '    ██']);
    expect(bigWidth('54.62/51.50', 'small')).toBe(bigLines('54.62/51.50', 'small')[0]?.length);
    expect(bigWidth('54.62/51.50', 'large')).toBe(78);
  });
});
