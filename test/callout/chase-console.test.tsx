import { afterEach, describe, expect, it } from 'vitest';
import type { WatchConnection } from '../../src/client/watch-connection.js';
import { serverNow } from '../../src/state/clock.js';
import { selectChase } from '../../src/state/selectors/callout.js';
import { until } from '../console/fake-terminal.js';
import { settle } from '../console/render-app.js';
import { connectedStore } from '../helpers/connected-store.js';
import { renderLiveConsole } from '../helpers/live-clients.js';
import { manualClock } from '../helpers/start-collector.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { answer, calloutG1Delivered } from './answer-link.js';
import { calloutConfig, SECRET } from './callout-config.js';
import { type CalloutHarness, calloutHarness } from './callout-harness.js';

let h: CalloutHarness | undefined;
let receiver: WebhookReceiver | undefined;
let connection: WatchConnection | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await connection?.close();
  await h?.stop();
  await receiver?.close();
});

describe('the chase in the console, against a real collector', () => {
  it('at the deadline lists exactly those who have not answered, worst first; a logged call settles one', async () => {
    const clock = manualClock(Date.now());
    receiver = await startWebhookReceiver(SECRET);
    h = await calloutHarness(calloutConfig(receiver.url), clock);
    const r = receiver;
    const linkOf = await calloutG1Delivered(h, r);
    expect(await answer(linkOf('沙镇长'), { answer: 'on_duty', count: '6' })).toBe(200);

    const { store, connection: link } = connectedStore(h.running.url);
    connection = link;
    const { app, frame } = renderLiveConsole(store, link);
    unmount = app.unmount;
    await until(() => frame().includes('在线'));
    // Before the deadline: the board fills, nobody is chased.
    await until(() => frame().includes('叫应 #1 汝河大桥超保证  1/6'));
    expect(frame()).not.toContain('叫应逾期');

    clock.advance(5 * 60_000);
    h.collector.engine.tick();
    await until(() => frame().includes('叫应逾期：5 人未回复'));
    const chased = () => selectChase(store.getState(), serverNow(store.getState(), Date.now()), 'zh');
    expect(chased().map((x) => x.name)).toEqual(['何信息', '高指挥', '周防汛', '何村长', '周村长']);
    // Worst first: the informant no channel reached, with role, place and phone.
    expect(frame()).toContain('▶ 致电 何信息 · 沙口镇何营村 灾害信息员 · 13800000006');
    expect(frame()).toContain('致电 高指挥 · 县防指指挥长 · 13900000001');

    app.stdin.write('c');
    await settle();
    await until(() => frame().includes('叫应逾期：4 人未回复'));
    expect(chased().map((x) => x.name)).toEqual(['高指挥', '周防汛', '何村长', '周村长']);
    const phoned = h.parts().calloutRecipients.find((x) => x.name === '何信息');
    expect(phoned).toMatchObject({ state: 'phoned', phonedBy: 'P1', phonedReached: true });
    expect(h.audit().some((e) => e.action === 'callout_phoned' && e.actor === 'P1')).toBe(true);
    // The township head was told which of their villages are silent.
    await r.until(() => r.received.some((x) => x.body.text.includes('以下村未回复叫应')));
    const told = r.received.find((x) => x.body.text.includes('以下村未回复叫应'));
    expect(told?.body.recipient.name).toBe('沙镇长');
    expect(told?.body.text).toContain('周店村');
    expect(told?.body.text).toContain('何营村');
  });
});
