import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG, onDutyFromStart } from '../../src/cli/demo.js';
import { consoleSettings, nameStyle } from '../../src/console/settings.js';
import { detectLang } from '../../src/console/strings.js';
import { themeFromEnv } from '../../src/console/theme.js';
import { rosterAt } from '../../src/domain/duty-roster.js';

describe('console settings', () => {
  it('speaks Chinese when the locale starts with zh, English otherwise, and --lang wins', () => {
    expect(detectLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(detectLang(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(detectLang(undefined, {})).toBe('en');
    expect(detectLang('zh', { LANG: 'C' })).toBe('zh');
  });

  it('turns colour off for NO_COLOR and goes ASCII-only on the Linux console', () => {
    expect(themeFromEnv({ NO_COLOR: '1', TERM: 'xterm-256color' })).toEqual({ color: false, ascii: false });
    expect(themeFromEnv({ NO_COLOR: '', TERM: 'linux' })).toEqual({ color: true, ascii: true });
  });

  it('speaks English with ASCII names in TTY mode, and slows down on a slow link', () => {
    const tty = consoleSettings({ lang: 'zh', isAscii: true, hasColor: true });
    expect(tty.lang).toBe('en');
    expect(nameStyle(tty)).toBe('ascii');
    expect(nameStyle(consoleSettings({ lang: 'zh', isAscii: false, hasColor: true }))).toBe('zh');
    const slow = consoleSettings({ lang: 'en', isAscii: false, hasColor: true, isLowBandwidth: true });
    expect(slow).toMatchObject({ maxFps: 2, tickMs: 5000 });
    expect(consoleSettings({ lang: 'en', isAscii: false, hasColor: true })).toMatchObject({
      maxFps: 30,
      flushMs: 250,
    });
  });
});

describe('onDutyFromStart', () => {
  it('anchors the demo rotation so the demo officer (rotation[0]) holds the shift running at start', () => {
    const config = loadConfigFile(DEMO_CONFIG);
    const first = config.duty.rotation[0];
    for (const start of [Date.parse('2026-11-28T07:00:00+08:00'), Date.parse('2026-11-28T21:00:00+08:00')]) {
      const demo = onDutyFromStart(config, start);
      expect(rosterAt(demo.duty, new Map(), start, demo.county.utcOffset)).toMatchObject({
        officer: first?.officer,
        leader: first?.leader,
      });
    }
    expect(onDutyFromStart(config, Date.parse('2026-11-28T07:00:00+08:00')).duty.anchor).toBe('2026-11-27');
  });
});
