import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapAlert } from '../../src/cap/cap-alert.js';
import { parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { alertOf, FIXTURES, FULL_ALERT, FULL_DOC, readFixture } from './cap-docs.js';
import { alertGenerator } from './cap-generator.js';

const MINIMAL: CapAlert = {
  identifier: 'ID-1',
  sender: 'sender@example.org',
  sent: '2026-07-19T21:30:00+08:00',
  status: 'Actual',
  msgType: 'Alert',
  scope: 'Public',
  code: [],
  references: [],
  info: [],
};

/** The element names of a document, start tags only, in order. */
const tagSequence = (xml: string) => [...xml.matchAll(/<([A-Za-z][\w:]*)/g)].map((m) => m[1]);

describe('writeCap', () => {
  it('writes the XML declaration and the CAP 1.2 namespace', () => {
    const xml = writeCap(MINIMAL);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\n',
      ),
    ).toBe(true);
    expect(xml.endsWith('</alert>\n')).toBe(true);
  });

  it('leaves out absent optionals and empty lists', () => {
    expect(tagSequence(writeCap(MINIMAL))).toEqual([
      'alert',
      'identifier',
      'sender',
      'sent',
      'status',
      'msgType',
      'scope',
    ]);
  });

  it('writes every element in the order of the XSD sequences', () => {
    expect(tagSequence(writeCap(FULL_ALERT))).toEqual(tagSequence(FULL_DOC));
  });

  it('writes each simple element on one line (so documents can be edited line by line in tests)', () => {
    expect(writeCap(FULL_ALERT)).toContain('\n    <urgency>Expected</urgency>\n');
  });

  it('escapes markup in text, including "]]>"', () => {
    const xml = writeCap({ ...MINIMAL, note: `<b> & "q" ]]> 'a'` });
    expect(xml).toContain(`<note>&lt;b&gt; &amp; "q" ]]&gt; 'a'</note>`);
    expect(alertOf(parseCap(xml)).note).toBe(`<b> & "q" ]]> 'a'`);
  });

  it('keeps a carriage return inside text', () => {
    expect(alertOf(parseCap(writeCap({ ...MINIMAL, note: 'a\r\nb\rc' }))).note).toBe('a\r\nb\rc');
  });

  it('writes decimals without exponents', () => {
    const area = { areaDesc: 'x', polygon: [], circle: [], geocode: [], altitude: 1e-7, ceiling: 1e21 };
    const info = { ...FULL_ALERT.info[0]!, area: [area] };
    const xml = writeCap({ ...MINIMAL, info: [info] });
    expect(xml).toContain('<altitude>0.0000001</altitude>');
    expect(xml).toContain('<ceiling>1000000000000000000000</ceiling>');
    expect(alertOf(parseCap(xml)).info[0]?.area[0]).toEqual(area);
    for (const n of [-1.5e-9, 1.2345e-5, 9.87e25, -4e21]) {
      const written = writeCap({ ...MINIMAL, info: [{ ...info, area: [{ ...area, altitude: n }] }] });
      expect(written).not.toMatch(/<altitude>[^<]*e/);
      expect(alertOf(parseCap(written)).info[0]?.area[0]?.altitude).toBe(n);
    }
  });
});

describe('parseCap(writeCap(a)) gives back a', () => {
  it.each(readdirSync(join(FIXTURES, 'spec')).filter((f) => f.endsWith('.xml')))(
    'for spec example %s',
    (file) => {
      const alert = alertOf(parseCap(readFixture(`spec/${file}`)));
      expect(alertOf(parseCap(writeCap(alert)))).toStrictEqual(alert);
    },
  );

  it('for the drill fixture and the every-element document', () => {
    const drill = alertOf(parseCap(readFixture('drill-flood-warning.xml')));
    expect(alertOf(parseCap(writeCap(drill)))).toStrictEqual(drill);
    expect(alertOf(parseCap(writeCap(FULL_ALERT)))).toStrictEqual(FULL_ALERT);
  });

  it('for 300 generated alerts, and writing again gives the same text', () => {
    const next = alertGenerator(20260719);
    for (let i = 0; i < 300; i++) {
      const alert = next();
      const xml = writeCap(alert);
      const parsed = parseCap(xml);
      if (!parsed.ok) throw new Error(`alert ${i} was refused: ${JSON.stringify(parsed.problems)}\n${xml}`);
      expect(parsed.alert).toStrictEqual(alert);
      expect(writeCap(parsed.alert)).toBe(xml);
    }
  });
});
