import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG, DEMO_TOKENS, onDutyFromStart } from '../../src/cli/demo.js';
import {
  demoPhoneSecret,
  type PhoneNetwork,
  startPhoneNetwork,
  withPhoneNetwork,
} from '../../src/cli/demo-phone-network.js';
import { type CalloutHarness, calloutHarness, eventually } from './callout-harness.js';

let h: CalloutHarness | undefined;
let phone: PhoneNetwork | undefined;
afterEach(async () => {
  await h?.stop();
  await phone?.close();
});

describe('the demo county', () => {
  it('a station reaching 保证 starts a call-out to its threatened villages by itself; the phone network answers most', async () => {
    phone = await startPhoneNetwork({ secret: demoPhoneSecret(), silentPercent: 20, delayMs: [10, 200] });
    const demo = loadConfigFile(DEMO_CONFIG);
    const config = withPhoneNetwork(onDutyFromStart(demo, Date.now()), phone.url);
    h = await calloutHarness(config, undefined, DEMO_TOKENS.source);
    const harness = h;
    // 汝河城关站: 保证 43.6 m.
    await h.level(43.2, 'ST-RH-02');
    expect(h.parts().callouts).toHaveLength(0);
    await h.level(43.7, 'ST-RH-02');
    await eventually(() => harness.parts().callouts.length === 1, 'a call-out');
    const [callout] = h.parts().callouts;
    expect(callout).toMatchObject({ trigger: 'station', startedBy: 'system' });
    expect(callout?.title).toContain('汝河城关站');
    const recipients = h.parts().calloutRecipients;
    const area = demo.notify.areas['ST-RH-02'];
    const villages = new Set(recipients.flatMap((r) => (r.village === null ? [] : [r.village])));
    expect([...villages].sort()).toEqual([...(area?.villages ?? [])].sort());
    // Both the village flood lead and the disaster informant of each threatened village.
    expect(recipients.filter((r) => r.village !== null)).toHaveLength(2 * (area?.villages.length ?? 0));
    expect(recipients.some((r) => r.role === 'county.commander')).toBe(true);
    expect(recipients.some((r) => r.role === 'project.patrol')).toBe(true);
    // The phone network answers most of them through their links and leaves some silent.
    await eventually(
      () => phone !== undefined && phone.stats.answered + phone.stats.silent >= recipients.length,
      'everyone answered or stayed silent',
    );
    await eventually(
      () =>
        harness.parts().calloutRecipients.filter((r) => r.state === 'answered').length ===
        phone?.stats.answered,
      'answers recorded',
    );
    expect(phone.stats.answered).toBeGreaterThan(recipients.length / 2);
    expect(phone.stats.silent).toBeGreaterThan(0);
  });
});
