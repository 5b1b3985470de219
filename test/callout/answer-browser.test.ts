import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../helpers/test-config.js';
import { watch } from '../helpers/watch-client.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { calloutConfig, SECRET } from './callout-config.js';
import { type CalloutHarness, calloutHarness } from './callout-harness.js';

// The answer page in a real browser: Debian's chromium, headless, driven by playwright-core.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)(`the answer page in headless Chromium (${CHROMIUM})`, () => {
  let browser: BrowserContext;
  let profile: string;
  let h: CalloutHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'dutywatch-chromium-'));
    // A fresh profile each run: launchPersistentContext is how playwright takes a user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'zh-CN',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    receiver = await startWebhookReceiver(SECRET);
    h = await calloutHarness(calloutConfig(receiver.url));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await receiver?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('opens a link, answers 已到岗 with a headcount; a watcher sees it; a spent and an expired link are 404', async () => {
    expect(
      await h.act(TOKENS.officer, { type: 'callout.start', station: 'G1', message: '汝河大桥超保证' }),
    ).toMatchObject({ type: 'ack' });
    await receiver.until(() => receiver.received.length === 5);
    const linkOf = (name: string) =>
      receiver.received.find((r) => r.body.recipient.name === name)?.body.link as string;
    const watcher = await watch(h.running.url, TOKENS.officer);

    const page = await browser.newPage();
    const shown = await page.goto(linkOf('周村长'));
    expect(shown?.status()).toBe(200);
    expect(await page.textContent('h1')).toContain('汝河大桥超保证');
    await page.fill('input[name="count"]', '12');
    await page.fill('textarea[name="note"]', '村委会集合');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="on_duty"]')]);
    expect(await page.textContent('body')).toContain('已收到您的回复');
    expect(page.url()).toBe(linkOf('周村长'));

    await watcher.until((frames) =>
      frames.some((f) =>
        (
          f.changes as
            | { kind: string; recipient?: { name: string; state: string; count: number } }[]
            | undefined
        )?.some(
          (c) =>
            c.kind === 'callout.recipient' &&
            c.recipient?.name === '周村长' &&
            c.recipient.state === 'answered' &&
            c.recipient.count === 12,
        ),
      ),
    );

    // Spent: answered once, the link is gone.
    expect((await page.goto(linkOf('周村长')))?.status()).toBe(404);
    // Expired: the call-out is closed, so another recipient's unused link is gone too.
    const id = h.parts().callouts[0]?.id;
    expect(
      await h.act(TOKENS.officer, { type: 'callout.close', callout: id, reason: '险情解除' }),
    ).toMatchObject({
      type: 'ack',
    });
    const expired = await page.goto(linkOf('何村长'));
    expect(expired?.status()).toBe(404);
    expect(await page.textContent('body')).toBe('not found\n');
    watcher.ws.close();
    await page.close();
  }, 60_000);
});

if (!hasChromium) {
  describe('the answer page in a real browser', () => {
    it.skip(`skipped: no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`, () => {});
  });
}
