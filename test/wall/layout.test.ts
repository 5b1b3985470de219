import { describe, expect, it } from 'vitest';
import { bigLines, bigWidth } from '../../src/wall/big-type.js';
import { MIN_SIZE, planLayout } from '../../src/wall/layout.js';
import { chooseTerminal } from '../../src/wall/terminal-mode.js';

describe('planLayout', () => {
  it('puts a 24-hour chart beside each station on a large graphical terminal', () => {
    const plan = planLayout(160, 48, { isTty: false, stations: 5 });
    if (plan.kind !== 'grid') throw new Error('expected a grid');
    expect(plan.scale).toBe('large');
    expect(plan.pages).toEqual(['water', 'stock', 'incidents', 'alerts', 'forces']);
    expect(plan.water).toMatchObject({ tiles: 5, hasCharts: true });
    expect(plan.bodyTop + plan.bodyRows).toBe(48);
  });

  it('moves the charts to a page of their own at 80×24, and has none in TTY mode', () => {
    const plan = planLayout(80, 24, { isTty: false, stations: 5 });
    if (plan.kind !== 'grid') throw new Error('expected a grid');
    expect(plan.pages).toEqual(['water', 'trend', 'stock', 'incidents', 'alerts', 'forces']);
    expect(plan.water).toMatchObject({ tiles: 5, hasCharts: false });
    expect(plan.trend.charts).toBe(2);
    const tty = planLayout(80, 24, { isTty: true, stations: 5 });
    expect(tty.kind === 'grid' && tty.pages).toEqual(['water', 'stock', 'incidents', 'alerts', 'forces']);
    const big = planLayout(200, 60, { isTty: true, stations: 5 });
    expect(big.kind === 'grid' && big.water.hasCharts).toBe(false);
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
