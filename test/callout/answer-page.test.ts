import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { watch } from '../helpers/watch-client.js';
import type { CalloutHarness } from './callout-harness.js';
import { calloutPerTest } from './callout-per-test.js';

const perTest = calloutPerTest();

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function http(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
});

/** Starts the harness and a call-out to the 县防指 group; resolves with it and the commander's personal link. */
async function linkOfCommander(
  clock?: ReturnType<typeof manualClock>,
): Promise<{ link: string; harness: CalloutHarness }> {
  const { h, receiver } = await perTest.start(clock);
  await h.act(TOKENS.officer, { type: 'callout.start', group: 'hq', message: '白龟湖水库超汛限，请到岗' });
  await receiver.until(() => receiver.received.length === 1);
  return { link: receiver.received[0]?.body.link as string, harness: h };
}

describe('the answer page', () => {
  it('shows the warning and the answers, under a strict CSP, in Chinese or English', async () => {
    const { link } = await linkOfCommander();
    const page = await http(link);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).not.toContain('<script');
    expect(page.body).toContain('白龟湖水库超汛限');
    expect(page.body).toContain('高指挥');
    for (const word of ['收到', '已到岗', '正在转移', '需要支援']) expect(page.body).toContain(word);
    const en = await http(`${link}?lang=en`);
    expect(en.body).toContain('On duty');
    expect((await http(link, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })).body).toContain(
      'Need support',
    );
  });

  it('records an answer once, on the feed at once with the person named; the spent link is 404', async () => {
    const { link, harness } = await linkOfCommander();
    const watcher = await watch(harness.running.url, TOKENS.viewer);
    const answered = await http(
      link,
      form({ answer: 'evacuating', count: '37', note: '东岗组\u0007已转移' }),
    );
    expect(answered.status).toBe(200);
    expect(answered.body).toContain('已收到您的回复');
    expect(answered.headers['location']).toBeUndefined();
    await watcher.until((frames) =>
      frames.some((f) =>
        (
          f.changes as { kind: string; entry?: { action: string; actor: string; text: string } }[] | undefined
        )?.some((c) => c.kind === 'log' && c.entry?.action === 'callout_answered'),
      ),
    );
    const recipient = harness.parts().calloutRecipients[0];
    expect(recipient).toMatchObject({
      state: 'answered',
      answer: 'evacuating',
      count: 37,
      note: '东岗组 已转移',
    });
    const entry = harness.audit().find((e) => e.action === 'callout_answered');
    expect(entry?.actor).toBe('commander');
    expect(entry?.text).toContain('高指挥（县防指指挥长）');
    expect(entry?.text).toContain('正在转移 37 人');
    // Spent: the same link neither shows nor takes another answer.
    expect((await http(link)).status).toBe(404);
    expect((await http(link, form({ answer: 'received' }))).status).toBe(404);
    watcher.ws.close();
  });

  it('refuses an evacuation without a headcount, and a malformed answer, keeping the link live', async () => {
    const { link } = await linkOfCommander();
    expect((await http(link, form({ answer: 'evacuating' }))).status).toBe(400);
    expect((await http(link, form({ answer: 'fled' }))).status).toBe(400);
    expect((await http(link, form({ answer: 'received', count: '-3' }))).status).toBe(400);
    expect((await http(link, { method: 'POST', body: 'answer=received' })).status).toBe(415);
    expect((await http(link)).status).toBe(200);
  });

  it('bounds the request body', async () => {
    const { link } = await linkOfCommander();
    const big = await http(link, form({ answer: 'received', note: 'x'.repeat(10_000) })).catch(() => ({
      status: 413,
    }));
    expect(big.status).toBe(413);
    expect((await http(link)).status).toBe(200);
  });

  it('a wrong token, a closed call-out and one past 24 hours all get the same plain 404', async () => {
    const clock = manualClock(Date.now());
    const { link } = await linkOfCommander(clock);
    const base = link.slice(0, link.lastIndexOf('/') + 1);
    const wrong = await http(`${base}${'A'.repeat(43)}`);
    expect(wrong.status).toBe(404);
    expect(wrong.body).toBe('not found\n');
    expect((await http(`${base}short`)).status).toBe(404);
    expect((await http(link)).status).toBe(200);
    clock.advance(24 * 3_600_000);
    expect((await http(link)).status).toBe(404);
  });

  it('a closed call-out kills its links', async () => {
    const { link, harness } = await linkOfCommander();
    const id = harness.parts().callouts[0]?.id;
    expect(
      await harness.act(TOKENS.officer, { type: 'callout.close', callout: id, reason: '险情解除' }),
    ).toMatchObject({
      type: 'ack',
    });
    expect((await http(link)).status).toBe(404);
  });

  it('an address that keeps guessing is slowed to 429 without a look-up', async () => {
    const { link } = await linkOfCommander();
    const base = link.slice(0, link.lastIndexOf('/') + 1);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await http(`${base}${String(i).padStart(43, 'B')}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await http(link)).status).toBe(429);
  });
});
