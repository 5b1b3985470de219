import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Ink reads CI when it is imported and then draws only its last frame; the console's main.ts clears it the same way.
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

const { startCollector } = await import('../helpers/start-collector.js');
const { TOKENS } = await import('../helpers/test-config.js');
const { fakeTerminal, until } = await import('./fake-terminal.js');
const { consoleOnTerminal } = await import('./console-on-terminal.js');

type Running = Awaited<ReturnType<typeof startCollector>>;
let running: Running;
beforeAll(async () => {
  running = await startCollector();
});
afterAll(() => running.stop());

describe('renderConsole', () => {
  it('draws on the streams it is given, asks before quitting on Ctrl-C, and quits on y', async () => {
    const term = fakeTerminal(100, 30);
    const handle = await consoleOnTerminal(term, { url: running.url, token: TOKENS.officer }, 'en');
    await until(() => term.output().includes('Test County') && term.output().includes('live'));
    term.type('\u0003');
    await until(() => term.output().includes('Quit the console? [y/N]'));
    term.type('n');
    term.type('\u0003');
    term.type('y');
    await handle.waitUntilExit();
    await handle.stop();
    expect(handle.isIncremental).toBe(true);
    // The frame is shorter than the terminal, so Ink never takes its clear-the-screen path.
    expect(term.output()).not.toContain('\u001B[2J');
    expect(handle.meter.totalBytes()).toBe(Buffer.byteLength(term.output()));
  });

  it('keeps drawing through a resize, and shows the too-small page below 80x24', async () => {
    const term = fakeTerminal(100, 30);
    const handle = await consoleOnTerminal(term, { url: running.url, token: TOKENS.officer }, 'en');
    await until(() => term.output().includes('Test County'));
    term.resize(70, 20);
    await until(() => term.output().includes('Terminal too small'));
    term.resize(120, 40);
    const before = term.output().length;
    await until(() => term.output().slice(before).includes('Test County'));
    await handle.stop();
  });
});
