import { describe, expect, it } from 'vitest';
import { writeCap } from '../../src/cap/write-cap.js';
import { capAlert } from '../helpers/cap-builder.js';
import { type CalloutHarness, eventually } from './callout-harness.js';
import { calloutPerTest } from './callout-per-test.js';

const perTest = calloutPerTest();

const people = (harness: CalloutHarness) =>
  harness
    .parts()
    .calloutRecipients.map((r) => r.person)
    .sort();

describe('what starts a call-out by itself, against a real collector', () => {
  it('a Severe CAP warning naming 沙口镇 calls out its township and villages', async () => {
    const { h: harness } = await perTest.start();
    const xml = writeCap(
      capAlert(
        { identifier: 'W-SEVERE', sentAt: Date.now() - 60_000 },
        { area: [{ areaDesc: '沙口镇', polygon: [], circle: [], geocode: [] }] },
      ),
    );
    expect(await harness.ingest({ type: 'cap', xml })).toMatchObject({ type: 'ack' });
    await eventually(() => harness.parts().callouts.length === 1, 'a call-out');
    expect(harness.parts().callouts[0]).toMatchObject({ trigger: 'cap', drill: false });
    expect(people(harness)).toEqual(['commander', 't3-flood', 't3-head', 'v1-flood', 'v2-flood', 'v2-info']);
  });

  it('a Moderate one calls out nobody; an Exercise calls out only drill persons, 【演练】 first', async () => {
    const { h: harness, receiver: r } = await perTest.start();
    const area = [{ areaDesc: '沙口镇', polygon: [], circle: [], geocode: [] }];
    await harness.ingest({
      type: 'cap',
      xml: writeCap(
        capAlert({ identifier: 'W-MOD', sentAt: Date.now() - 60_000 }, { severity: 'Moderate', area }),
      ),
    });
    await harness.ingest({
      type: 'cap',
      xml: writeCap(
        capAlert({ identifier: 'W-DRILL', sentAt: Date.now() - 60_000, status: 'Exercise' }, { area }),
      ),
    });
    await eventually(() => harness.parts().callouts.length === 1, 'one call-out');
    const [callout] = harness.parts().callouts;
    expect(callout).toMatchObject({ trigger: 'cap', drill: true });
    expect(callout?.title.startsWith('【演练】')).toBe(true);
    expect(people(harness)).toEqual(['commander', 't3-flood']);
    await r.until(() => r.received.filter((x) => x.body.link).length === 2);
    for (const m of r.received.filter((x) => x.body.link))
      expect(m.body.text.startsWith('【演练】')).toBe(true);
  });

  it('an incident at 较大 calls out its village and township', async () => {
    const { h: harness } = await perTest.start();
    const reply = await harness.ingest({
      type: 'incident.report',
      incident: 'INC-T3-1',
      category: 'accident',
      kind: 'production_safety',
      title: '沙口镇周店村砖厂坍塌',
      township: 'T3',
      village: 'T3V1',
      occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      casualties: { deaths: 3, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 },
      directLossYuan: 0,
    });
    expect(reply).toMatchObject({ type: 'ack' });
    await eventually(() => harness.parts().callouts.length === 1, 'a call-out');
    expect(harness.parts().callouts[0]).toMatchObject({ trigger: 'incident' });
    expect(people(harness)).toEqual(['commander', 't3-flood', 't3-head', 'v1-flood']);
  });
});
