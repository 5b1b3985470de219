import { afterEach, describe, expect, it } from 'vitest';
import type { WatchConnection } from '../../src/client/watch-connection.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { runDutywatch } from '../helpers/collector-process.js';
import { connectedStore } from '../helpers/connected-store.js';
import { TOKENS } from '../helpers/test-config.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { answer, calloutG1Delivered } from './answer-link.js';
import { calloutConfig, SECRET } from './callout-config.js';
import { type CalloutHarness, calloutHarness, eventually } from './callout-harness.js';

let h: CalloutHarness | undefined;
let receiver: WebhookReceiver | undefined;
let connection: WatchConnection | undefined;
afterEach(async () => {
  await connection?.close();
  await h?.stop();
  await receiver?.close();
});

describe('the call-out report', () => {
  it('per recipient: delivered, answered, phoned, never; the totals; in the CLI and the handover report', async () => {
    receiver = await startWebhookReceiver(SECRET);
    h = await calloutHarness(calloutConfig(receiver.url));
    const linkOf = await calloutG1Delivered(h, receiver);
    expect(await answer(linkOf('沙镇长'), { answer: 'on_duty', count: '6' })).toBe(200);
    expect(await answer(linkOf('周村长'), { answer: 'evacuating', count: '40' })).toBe(200);
    const informant = h.parts().calloutRecipients.find((x) => x.name === '何信息');
    expect(
      await h.act(TOKENS.officer, { type: 'callout.phoned', recipient: informant?.id, reached: true }),
    ).toMatchObject({
      type: 'ack',
    });

    const cli = await runDutywatch(['callout', 'report', '--db', h.running.dbPath]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('# 叫应 #1 汝河大桥超保证');
    expect(cli.stdout).toContain('合计：2/6 已回复');
    expect(cli.stdout).toContain('电话 1 人，始终未回复 3 人');
    expect(cli.stdout).toMatch(
      /\| 沙镇长 \| 党政主要负责人 \| 沙口镇 \| 13900000002 \| sms \| \S+ \| \S+ \| 已回复 已到岗 6 人 \|/,
    );
    expect(cli.stdout).toMatch(
      /\| 何信息 \| 灾害信息员 \| 沙口镇何营村 \| 13800000006 \| -- \| -- \| -- \| 电话接通 P1 \|/,
    );
    expect(cli.stdout).toMatch(/\| 何村长 \| .* \| 未回复 \|/);
    const en = await runDutywatch(['callout', 'report', '1', '--db', h.running.dbPath, '--lang', 'en']);
    expect(en.stdout).toContain('Totals: 2/6 answered, median');
    expect((await runDutywatch(['callout', 'report', '9', '--db', h.running.dbPath])).code).toBe(1);

    const { store, connection: link } = connectedStore(h.running.url);
    connection = link;
    await eventually(() => store.getState().calloutRecipients.size === 6, 'snapshot');
    const handover = handoverMarkdown(store.getState(), Date.now(), { lang: 'zh' });
    expect(handover).toContain('## 叫应（1）');
    expect(handover).toContain('**汝河大桥超保证**（进行中）：2/6 已回复');
    expect(handover).toMatch(/未回复，请电话：.*何村长（沙口镇何营村 村防汛责任人 13800000005）/);
  });
});
