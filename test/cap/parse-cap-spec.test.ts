import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGbIdentifier } from '../../src/cap/gbt-identifier.js';
import { capTimeToMs, parseCap } from '../../src/cap/parse-cap.js';
import { alertOf, FIXTURES, FULL_ALERT, FULL_DOC, problemsOf, readFixture } from './cap-docs.js';

const spec = (name: string) => alertOf(parseCap(readFixture(`spec/${name}`)));

describe('parseCap: the CAP 1.2 specification examples (Appendix A)', () => {
  it('has the four examples, and every one parses', () => {
    const files = readdirSync(join(FIXTURES, 'spec')).filter((f) => f.endsWith('.xml'));
    expect(files).toHaveLength(4);
    for (const file of files) expect(parseCap(readFixture(`spec/${file}`)).ok, file).toBe(true);
  });

  it('A.1 Homeland Security Advisory System Update', () => {
    const alert = spec('a1-homeland-security-update.xml');
    expect(alert).toMatchObject({
      identifier: '43b080713727',
      sender: 'hsas@dhs.gov',
      sent: '2003-04-02T14:39:01-05:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      code: [],
      references: [],
    });
    expect(capTimeToMs(alert.sent)).toBe(Date.UTC(2003, 3, 2, 19, 39, 1));
    const [info] = alert.info;
    expect(alert.info).toHaveLength(1);
    // No <language>: CAP's default applies.
    expect(info?.language).toBe('en-US');
    expect(info?.category).toEqual(['Security']);
    expect(info?.parameter).toEqual([{ valueName: 'HSAS', value: 'ORANGE' }]);
    expect(info?.resource).toEqual([
      {
        resourceDesc: 'Image file (GIF)',
        mimeType: 'image/gif',
        uri: 'http://www.dhs.gov/dhspublic/getAdvisoryImage',
      },
    ]);
    // The published text has a leading space in <instruction>; values are trimmed.
    expect(info?.instruction?.startsWith('A High Condition is declared')).toBe(true);
    expect(info?.area).toEqual([
      { areaDesc: 'U.S. nationwide and interests worldwide', polygon: [], circle: [], geocode: [] },
    ]);
  });

  it('A.2 Severe Thunderstorm Warning', () => {
    const alert = spec('a2-severe-thunderstorm-warning.xml');
    expect(alert.identifier).toBe('KSTO1055887203');
    const info = alert.info[0]!;
    expect(info.responseType).toEqual(['Shelter']);
    expect(info.eventCode).toEqual([{ valueName: 'SAME', value: 'SVR' }]);
    expect(info.expires).toBe('2003-06-17T16:00:00-07:00');
    expect(info.description?.startsWith('AT 254 PM PDT')).toBe(true);
    expect(info.area[0]?.polygon).toEqual([
      '38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14',
    ]);
    expect(info.area[0]?.geocode.map((g) => g.value)).toEqual(['006109', '006009', '006003']);
  });

  it('A.3 Earthquake Report (Update Message) refers to the first report', () => {
    const alert = spec('a3-earthquake-report-update.xml');
    expect(alert.msgType).toBe('Update');
    expect(alert.references).toEqual([
      { sender: 'trinet@caltech.edu', identifier: 'TRI13970876.1', sent: '2003-06-11T20:30:00-07:00' },
    ]);
    const info = alert.info[0]!;
    expect(info.urgency).toBe('Past');
    expect(info.parameter.map((p) => p.valueName)).toEqual([
      'EventID',
      'Version',
      'Magnitude',
      'Depth',
      'Quality',
    ]);
    expect(info.parameter[2]).toEqual({ valueName: 'Magnitude', value: '3.4 Ml' });
    expect(info.area[0]?.circle).toEqual(['32.9525,-115.5527 0']);
  });

  it('A.4 AMBER Alert (Multilingual Message) has an English and a Spanish info block', () => {
    const alert = spec('a4-amber-alert-multilingual.xml');
    expect(alert.identifier).toBe('KAR0-0306112239-SW');
    expect(alert.source).toBe('SW');
    expect(alert.info.map((i) => i.language)).toEqual(['en-US', 'es-US']);
    expect(alert.info.map((i) => i.event)).toEqual(['Child Abduction', 'Abducción de Niño']);
    expect(alert.info[1]?.area[0]?.areaDesc).toBe('condado de Los Ángeles');
    // Inner whitespace and the quote characters survive; only the ends are trimmed.
    expect(alert.info[0]?.description).toContain(
      `1915 HRS.  VICTIM(S): KHAYRI DOE JR. M/B BLK/BRO 3'0", 40 LBS.`,
    );
    expect(alert.info[0]?.eventCode).toEqual([{ valueName: 'SAME', value: 'CAE' }]);
  });
});

describe('parseCap: a document using every element', () => {
  it('reads every field', () => {
    expect(alertOf(parseCap(FULL_DOC))).toEqual(FULL_ALERT);
  });
});

describe('the drill flood warning fixture', () => {
  const alert = alertOf(parseCap(readFixture('drill-flood-warning.xml')));

  it('is an exercise flood warning: Severe, Expected, Likely, in Chinese', () => {
    expect(alert.status).toBe('Exercise');
    expect(alert.msgType).toBe('Alert');
    const info = alert.info[0]!;
    expect(info).toMatchObject({
      language: 'zh-CN',
      category: ['Met'],
      urgency: 'Expected',
      severity: 'Severe',
      certainty: 'Likely',
    });
    expect(info.headline).toContain('洪水');
    expect(info.area[0]?.geocode).toEqual([{ valueName: 'GB/T 2260', value: '411731' }]);
  });

  it('expires a few hours after it is sent', () => {
    const hours = (capTimeToMs(alert.info[0]!.expires!) - capTimeToMs(alert.sent)) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(2);
    expect(hours).toBeLessThanOrEqual(12);
  });

  it('has a GB/T 35965.1 identifier whose time is the time sent', () => {
    expect(alert.identifier).toHaveLength(31);
    const parts = parseGbIdentifier(alert.identifier);
    expect(parts?.regionCode).toBe('411731');
    expect(parts?.issuedAt).toBe(capTimeToMs(alert.sent));
  });
});

describe('parseCap: the invalid fixtures', () => {
  it.each([
    [
      'bad-enum-urgency.xml',
      'alert.info[0].urgency',
      '"Soon" is not one of Immediate, Expected, Future, Past, Unknown',
    ],
    ['missing-event.xml', 'alert.info[0].event', 'required element <event> is missing'],
    ['cap11-namespace.xml', 'alert', 'CAP 1.1 is not accepted, send CAP 1.2'],
    ['bad-references.xml', 'alert.references[1]', 'is not a sender,identifier,sent triple'],
    ['z-timezone.xml', 'alert.sent', '"Z"'],
    ['doctype-billion-laughs.xml', '(document)', 'DOCTYPE'],
    ['out-of-order.xml', 'alert.msgType', 'out of order'],
    ['unknown-element.xml', 'alert.info[0].priority', 'unknown element <priority>'],
    ['open-polygon.xml', 'alert.info[0].area[0].polygon[0]', 'must repeat the first'],
    ['private-without-addresses.xml', 'alert.addresses', 'Private requires'],
  ])('%s is refused at %s', (file, path, message) => {
    const problems = problemsOf(parseCap(readFixture(`invalid/${file}`)));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(path);
    expect(problems[0]?.message).toContain(message);
  });

  it('covers every file in fixtures/cap/invalid', () => {
    expect(readdirSync(join(FIXTURES, 'invalid')).filter((f) => f.endsWith('.xml'))).toHaveLength(10);
  });
});
