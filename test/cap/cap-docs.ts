import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CapAlert, CapParseResult, CapProblem } from '../../src/cap/cap-alert.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/cap');

export const readFixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A valid CAP 1.2 document that uses every element, so rules can be tested by changing one thing in it. */
export const FULL_DOC = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>ID-1</identifier>
  <sender>sender@example.org</sender>
  <sent>2026-07-19T21:30:00+08:00</sent>
  <status>Exercise</status>
  <msgType>Update</msgType>
  <source>drill</source>
  <scope>Public</scope>
  <code>C1</code>
  <code>C2</code>
  <note>a note</note>
  <references>sender@example.org,ID-0,2026-07-19T21:00:00+08:00</references>
  <incidents>INC-1</incidents>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <category>Safety</category>
    <event>洪水</event>
    <responseType>Prepare</responseType>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <audience>public</audience>
    <eventCode><valueName>EC</valueName><value>FL</value></eventCode>
    <effective>2026-07-19T21:30:00+08:00</effective>
    <onset>2026-07-19T23:00:00+08:00</onset>
    <expires>2026-07-20T03:30:00+08:00</expires>
    <senderName>汝川县应急管理局</senderName>
    <headline>洪水橙色预警</headline>
    <description>desc</description>
    <instruction>instr</instruction>
    <web>http://example.org/w</web>
    <contact>值班室</contact>
    <parameter><valueName>P</valueName><value>V</value></parameter>
    <resource>
      <resourceDesc>map</resourceDesc>
      <mimeType>image/png</mimeType>
      <size>1024</size>
      <uri>http://example.org/map.png</uri>
      <derefUri>aGVsbG8=</derefUri>
      <digest>abc</digest>
    </resource>
    <area>
      <areaDesc>城关街道</areaDesc>
      <polygon>33.0,114.0 33.1,114.0 33.1,114.1 33.0,114.0</polygon>
      <circle>33.05,114.05 2.5</circle>
      <geocode><valueName>GB/T 2260</valueName><value>411731</value></geocode>
      <altitude>100</altitude>
      <ceiling>200.5</ceiling>
    </area>
  </info>
</alert>
`;

/** FULL_DOC as parseCap must read it. */
export const FULL_ALERT: CapAlert = {
  identifier: 'ID-1',
  sender: 'sender@example.org',
  sent: '2026-07-19T21:30:00+08:00',
  status: 'Exercise',
  msgType: 'Update',
  source: 'drill',
  scope: 'Public',
  code: ['C1', 'C2'],
  note: 'a note',
  references: [{ sender: 'sender@example.org', identifier: 'ID-0', sent: '2026-07-19T21:00:00+08:00' }],
  incidents: 'INC-1',
  info: [
    {
      language: 'zh-CN',
      category: ['Met', 'Safety'],
      event: '洪水',
      responseType: ['Prepare'],
      urgency: 'Expected',
      severity: 'Severe',
      certainty: 'Likely',
      audience: 'public',
      eventCode: [{ valueName: 'EC', value: 'FL' }],
      effective: '2026-07-19T21:30:00+08:00',
      onset: '2026-07-19T23:00:00+08:00',
      expires: '2026-07-20T03:30:00+08:00',
      senderName: '汝川县应急管理局',
      headline: '洪水橙色预警',
      description: 'desc',
      instruction: 'instr',
      web: 'http://example.org/w',
      contact: '值班室',
      parameter: [{ valueName: 'P', value: 'V' }],
      resource: [
        {
          resourceDesc: 'map',
          mimeType: 'image/png',
          size: 1024,
          uri: 'http://example.org/map.png',
          derefUri: 'aGVsbG8=',
          digest: 'abc',
        },
      ],
      area: [
        {
          areaDesc: '城关街道',
          polygon: ['33.0,114.0 33.1,114.0 33.1,114.1 33.0,114.0'],
          circle: ['33.05,114.05 2.5'],
          geocode: [{ valueName: 'GB/T 2260', value: '411731' }],
          altitude: 100,
          ceiling: 200.5,
        },
      ],
    },
  ],
};

/**
 * FULL_DOC with each `[from, to]` replaced once. Fails the test if a `from` is not there, so a table row can
 * never pass by changing nothing.
 */
export function mutate(...edits: [from: string, to: string][]): string {
  let doc = FULL_DOC;
  for (const [from, to] of edits) {
    expect(doc, `FULL_DOC should contain ${from}`).toContain(from);
    doc = doc.replace(from, to);
  }
  return doc;
}

/** The problems of a result that must have failed. */
export function problemsOf(result: CapParseResult): CapProblem[] {
  if (result.ok)
    throw new Error(`expected the document to be refused, but it parsed: ${JSON.stringify(result.alert)}`);
  return result.problems;
}

/** The alert of a result that must have succeeded. */
export function alertOf(result: CapParseResult): CapAlert {
  if (!result.ok) throw new Error(`expected the document to parse, got ${JSON.stringify(result.problems)}`);
  return result.alert;
}
