// One file on purpose (over 250 lines): every rule of the official CAP 1.2 XSD that parseCap enforces, a table of
// cases per rule, read together against the schema.
import { describe, expect, it } from 'vitest';
import { parseCap } from '../../src/cap/parse-cap.js';
import { alertOf, FULL_ALERT, mutate, problemsOf } from './cap-docs.js';

type Row = [name: string, edits: [string, string][], path: string, message: string | RegExp];

/** Each row breaks FULL_DOC in one way; the document must be refused with a problem at `path`. */
function expectRefused(edits: [string, string][], path: string, message: string | RegExp) {
  const problems = problemsOf(parseCap(mutate(...edits)));
  const atPath = problems.filter((p) => p.path === path);
  expect(atPath, JSON.stringify(problems)).not.toHaveLength(0);
  expect(atPath.map((p) => p.message).join(' | ')).toMatch(message);
}

const NS = 'xmlns="urn:oasis:names:tc:emergency:cap:1.2"';
const remove = (element: string): [string, string] => [element, ''];

describe('the root element', () => {
  it.each<Row>([
    [
      'CAP 1.1',
      [[NS, 'xmlns="urn:oasis:names:tc:emergency:cap:1.1"']],
      'alert',
      'CAP 1.1 is not accepted, send CAP 1.2',
    ],
    ['CAP 1.0', [[NS, 'xmlns="http://www.incident.com/cap/1.0"']], 'alert', 'CAP 1.0 is not accepted'],
    ['no namespace', [[` ${NS}`, '']], 'alert', 'has no namespace'],
    ['another namespace', [[NS, 'xmlns="urn:example:other"']], 'alert', 'urn:example:other'],
    [
      'not <alert>',
      [
        [`<alert ${NS}>`, `<alarm ${NS}>`],
        ['</alert>', '</alarm>'],
      ],
      'alert',
      'root element is <alarm>',
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  it('accepts a prefixed CAP namespace', () => {
    const prefixed = mutate([`<alert ${NS}>`, '<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">'])
      // Every other start and end tag gets the prefix too.
      .replace(/<(\/?)(?!cap:)([A-Za-z]+)/g, '<$1cap:$2');
    expect(alertOf(parseCap(prefixed))).toEqual(FULL_ALERT);
  });

  it('refuses CAP elements left without a namespace under a prefixed root', () => {
    const xml = mutate(
      [`<alert ${NS}>`, '<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">'],
      ['</alert>', '</cap:alert>'],
    );
    const problems = problemsOf(parseCap(xml));
    expect(problems.find((p) => p.path === 'alert.identifier')?.message).toContain('has no namespace');
  });
});

describe('required elements', () => {
  it.each<Row>([
    [
      'identifier',
      [remove('<identifier>ID-1</identifier>')],
      'alert.identifier',
      'required element <identifier> is missing',
    ],
    ['sender', [remove('<sender>sender@example.org</sender>')], 'alert.sender', 'required element <sender>'],
    ['sent', [remove('<sent>2026-07-19T21:30:00+08:00</sent>')], 'alert.sent', 'required element <sent>'],
    ['status', [remove('<status>Exercise</status>')], 'alert.status', 'required element <status>'],
    ['msgType', [remove('<msgType>Update</msgType>')], 'alert.msgType', 'required element <msgType>'],
    ['scope', [remove('<scope>Public</scope>')], 'alert.scope', 'required element <scope>'],
    [
      'category',
      [remove('<category>Met</category>'), remove('<category>Safety</category>')],
      'alert.info[0].category',
      'at least one <category> is required',
    ],
    ['event', [remove('<event>洪水</event>')], 'alert.info[0].event', 'required element <event>'],
    ['urgency', [remove('<urgency>Expected</urgency>')], 'alert.info[0].urgency', 'required'],
    ['severity', [remove('<severity>Severe</severity>')], 'alert.info[0].severity', 'required'],
    ['certainty', [remove('<certainty>Likely</certainty>')], 'alert.info[0].certainty', 'required'],
    ['areaDesc', [remove('<areaDesc>城关街道</areaDesc>')], 'alert.info[0].area[0].areaDesc', 'required'],
    [
      'resourceDesc',
      [remove('<resourceDesc>map</resourceDesc>')],
      'alert.info[0].resource[0].resourceDesc',
      'required',
    ],
    [
      'mimeType',
      [remove('<mimeType>image/png</mimeType>')],
      'alert.info[0].resource[0].mimeType',
      'required',
    ],
    ['valueName', [remove('<valueName>P</valueName>')], 'alert.info[0].parameter[0].valueName', 'required'],
    ['value', [remove('<value>411731</value>')], 'alert.info[0].area[0].geocode[0].value', 'required'],
  ])('refuses a document without %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  it('accepts an alert with no info at all (an Ack or Cancel needs none)', () => {
    const alert = alertOf(parseCap(mutate([fullInfoBlock(), ''])));
    expect(alert.info).toEqual([]);
  });
});

/** The whole <info> block of FULL_DOC. */
function fullInfoBlock(): string {
  const doc = mutate();
  return doc.slice(doc.indexOf('  <info>'), doc.indexOf('</info>') + '</info>\n'.length);
}

describe('element order and counts (the XSD sequences)', () => {
  it.each<Row>([
    [
      'scope before msgType',
      [
        ['<msgType>Update</msgType>', ''],
        ['<scope>Public</scope>', '<scope>Public</scope><msgType>Update</msgType>'],
      ],
      'alert.msgType',
      'out of order: CAP 1.2 puts it before <scope>',
    ],
    [
      'references before note',
      [
        ['<note>a note</note>', ''],
        ['<incidents>', '<note>a note</note><incidents>'],
      ],
      'alert.note',
      'before <references>',
    ],
    [
      'info before code',
      [
        ['<code>C1</code>', ''],
        ['</info>', '</info><code>C1</code>'],
      ],
      'alert.code',
      'before <info>',
    ],
    [
      'event before category',
      [
        ['<category>Met</category>', ''],
        ['<responseType>', '<category>Met</category><responseType>'],
      ],
      'alert.info[0].category',
      'out of order',
    ],
    [
      'expires before onset',
      [
        ['<onset>2026-07-19T23:00:00+08:00</onset>', ''],
        ['<senderName>', '<onset>2026-07-19T23:00:00+08:00</onset><senderName>'],
      ],
      'alert.info[0].onset',
      'before <expires>',
    ],
    [
      'area before parameter',
      [
        ['<parameter><valueName>P</valueName><value>V</value></parameter>', ''],
        ['  </info>', '<parameter><valueName>P</valueName><value>V</value></parameter></info>'],
      ],
      'alert.info[0].parameter',
      'before <area>',
    ],
    [
      'circle before polygon',
      [
        ['<polygon>33.0,114.0 33.1,114.0 33.1,114.1 33.0,114.0</polygon>', ''],
        ['<geocode>', '<polygon>33.0,114.0 33.1,114.0 33.1,114.1 33.0,114.0</polygon><geocode>'],
      ],
      'alert.info[0].area[0].polygon',
      'before <circle>',
    ],
    [
      'uri before size',
      [
        ['<size>1024</size>', ''],
        ['<derefUri>', '<size>1024</size><derefUri>'],
      ],
      'alert.info[0].resource[0].size',
      'before <uri>',
    ],
    [
      'value before valueName',
      [['<valueName>EC</valueName><value>FL</value>', '<value>FL</value><valueName>EC</valueName>']],
      'alert.info[0].eventCode[0].valueName',
      'before <value>',
    ],
    [
      'two notes',
      [['<note>a note</note>', '<note>a note</note><note>again</note>']],
      'alert.note',
      'appears 2 times; CAP 1.2 allows it once',
    ],
    [
      'two events',
      [['<event>洪水</event>', '<event>洪水</event><event>暴雨</event>']],
      'alert.info[0].event',
      'appears 2 times',
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });
});

describe('unknown and foreign elements, attributes, mixed content', () => {
  it.each<Row>([
    [
      'an unknown alert element',
      [['<incidents>INC-1</incidents>', '<incidents>INC-1</incidents><priority>1</priority>']],
      'alert.priority',
      'unknown element <priority>',
    ],
    [
      'an unknown area element',
      [['<altitude>', '<elevation>3</elevation><altitude>']],
      'alert.info[0].area[0].elevation',
      'unknown element <elevation>',
    ],
    [
      'a foreign-namespace element',
      [['<audience>', '<x:ext xmlns:x="urn:example:x">1</x:ext><audience>']],
      'alert.info[0].ext',
      'urn:example:x',
    ],
    [
      'an XML Signature inside info',
      [['<audience>', '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/><audience>']],
      'alert.info[0].Signature',
      'does not accept',
    ],
    [
      'an attribute on a CAP element',
      [['<event>洪水</event>', '<event lang="zh">洪水</event>']],
      'alert.info[0].event',
      'attribute "lang" is not allowed',
    ],
    [
      'text in a complex element',
      [['<area>', '<area>stray text']],
      'alert.info[0].area[0]',
      '<area> holds elements, not text',
    ],
    [
      'an element in a simple one',
      [['<event>洪水</event>', '<event><b>洪水</b></event>']],
      'alert.info[0].event',
      'must hold text, not elements',
    ],
    [
      'a name that shadows a JavaScript property',
      [['<audience>', '<constructor/><audience>']],
      '(document)',
      /constructor/,
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  it('accepts an XML Signature at the end of <alert>, and xsi:schemaLocation on the root', () => {
    const xml = mutate(
      [
        `<alert ${NS}>`,
        `<alert ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y">`,
      ],
      [
        '</info>\n</alert>',
        '</info>\n<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>\n</alert>',
      ],
    );
    expect(alertOf(parseCap(xml))).toEqual(FULL_ALERT);
  });

  it('refuses a CAP element after the signature', () => {
    expectRefused(
      [['  <info>', '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>\n  <info>']],
      'alert.info',
      '<info> comes after the XML Signature, which must be last',
    );
  });
});

describe('enumerations', () => {
  it.each<Row>([
    [
      'status',
      [['<status>Exercise</status>', '<status>exercise</status>']],
      'alert.status',
      '"exercise" is not one of Actual, Exercise, System, Test, Draft',
    ],
    [
      'msgType',
      [['<msgType>Update</msgType>', '<msgType>Notice</msgType>']],
      'alert.msgType',
      'is not one of Alert, Update, Cancel, Ack, Error',
    ],
    [
      'scope',
      [['<scope>Public</scope>', '<scope>Everyone</scope>']],
      'alert.scope',
      'is not one of Public, Restricted, Private',
    ],
    [
      'category',
      [['<category>Safety</category>', '<category>Weather</category>']],
      'alert.info[0].category[1]',
      '"Weather" is not one of Geo, Met',
    ],
    [
      'responseType',
      [['<responseType>Prepare</responseType>', '<responseType>Run</responseType>']],
      'alert.info[0].responseType[0]',
      'is not one of Shelter',
    ],
    [
      'urgency',
      [['<urgency>Expected</urgency>', '<urgency>Soon</urgency>']],
      'alert.info[0].urgency',
      '"Soon" is not one of Immediate, Expected, Future, Past, Unknown',
    ],
    [
      'severity',
      [['<severity>Severe</severity>', '<severity>Bad</severity>']],
      'alert.info[0].severity',
      'is not one of Extreme, Severe, Moderate, Minor, Unknown',
    ],
    [
      'certainty',
      [['<certainty>Likely</certainty>', '<certainty>Sure</certainty>']],
      'alert.info[0].certainty',
      'is not one of Observed, Likely, Possible, Unlikely, Unknown',
    ],
  ])('refuses a bad %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  // The XSD's enumerations restrict xs:string, whose whitespace is preserved: xmllint refuses these too.
  it.each<Row>([
    [
      'status',
      [['<status>Exercise</status>', '<status> Exercise </status>']],
      'alert.status',
      '" Exercise "',
    ],
    [
      'msgType on its own lines',
      [['<msgType>Update</msgType>', '<msgType>\n    Update\n  </msgType>']],
      'alert.msgType',
      'whitespace around "Update"',
    ],
    [
      'category',
      [['<category>Met</category>', '<category>Met </category>']],
      'alert.info[0].category[0]',
      'CAP 1.2 enumerations allow none',
    ],
    [
      'urgency',
      [['<urgency>Expected</urgency>', '<urgency>\tExpected</urgency>']],
      'alert.info[0].urgency',
      'whitespace around "Expected"',
    ],
  ])('refuses whitespace around an enumerated %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });
});

describe('identifier and sender', () => {
  it.each<Row>([
    [
      'a space in identifier',
      [['<identifier>ID-1</identifier>', '<identifier>ID 1</identifier>']],
      'alert.identifier',
      'contains a space',
    ],
    [
      'a comma in identifier',
      [['<identifier>ID-1</identifier>', '<identifier>ID,1</identifier>']],
      'alert.identifier',
      'contains a comma',
    ],
    [
      '< in identifier',
      [['<identifier>ID-1</identifier>', '<identifier>ID&lt;1</identifier>']],
      'alert.identifier',
      'contains "<"',
    ],
    [
      '& in sender',
      [['<sender>sender@example.org</sender>', '<sender>a&amp;b</sender>']],
      'alert.sender',
      'contains "&"',
    ],
    [
      'an empty identifier',
      [['<identifier>ID-1</identifier>', '<identifier>  </identifier>']],
      'alert.identifier',
      'must not be empty',
    ],
    [
      'a tab in sender',
      [['<sender>sender@example.org</sender>', '<sender>a\tb</sender>']],
      'alert.sender',
      'contains a space',
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });
});

describe('dateTimes', () => {
  const sent = '<sent>2026-07-19T21:30:00+08:00</sent>';
  it.each<Row>([
    ['Z', [[sent, '<sent>2026-07-19T13:30:00Z</sent>']], 'alert.sent', 'ends in "Z", which CAP 1.2 forbids'],
    ['no offset', [[sent, '<sent>2026-07-19T21:30:00</sent>']], 'alert.sent', 'is not a CAP dateTime'],
    [
      'a space for T',
      [[sent, '<sent>2026-07-19 21:30:00+08:00</sent>']],
      'alert.sent',
      'is not a CAP dateTime',
    ],
    [
      'fractional seconds',
      [[sent, '<sent>2026-07-19T21:30:00.5+08:00</sent>']],
      'alert.sent',
      'fractional seconds',
    ],
    [
      '30 February',
      [[sent, '<sent>2026-02-30T21:30:00+08:00</sent>']],
      'alert.sent',
      'date that does not exist',
    ],
    [
      'hour 24',
      [[sent, '<sent>2026-07-19T24:00:00+08:00</sent>']],
      'alert.sent',
      'time of day that does not exist',
    ],
    [
      'offset +15:00',
      [[sent, '<sent>2026-07-19T21:30:00+15:00</sent>']],
      'alert.sent',
      'outside -14:00..+14:00',
    ],
    [
      'a bad effective',
      [['<effective>2026-07-19T21:30:00+08:00</effective>', '<effective>tonight</effective>']],
      'alert.info[0].effective',
      'not a CAP dateTime',
    ],
    [
      'a bad onset',
      [['<onset>2026-07-19T23:00:00+08:00</onset>', '<onset>2026-07-19T23:00:00z</onset>']],
      'alert.info[0].onset',
      '"Z"',
    ],
    [
      'a bad expires',
      [['<expires>2026-07-20T03:30:00+08:00</expires>', '<expires>2026-07-20T03:30+08:00</expires>']],
      'alert.info[0].expires',
      'not a CAP dateTime',
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  it('accepts UTC written as -00:00 and +00:00', () => {
    for (const offset of ['-00:00', '+00:00']) {
      expect(parseCap(mutate([sent, `<sent>2026-07-19T13:30:00${offset}</sent>`])).ok).toBe(true);
    }
  });
});

describe('scope', () => {
  it.each<Row>([
    [
      'Restricted without restriction',
      [['<scope>Public</scope>', '<scope>Restricted</scope>']],
      'alert.restriction',
      'scope Restricted requires',
    ],
    [
      'Restricted with an empty restriction',
      [['<scope>Public</scope>', '<scope>Restricted</scope><restriction> </restriction>']],
      'alert.restriction',
      'Restricted requires',
    ],
    [
      'Private without addresses',
      [['<scope>Public</scope>', '<scope>Private</scope>']],
      'alert.addresses',
      'scope Private requires',
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  it('accepts Restricted with a restriction and Private with addresses', () => {
    const restricted = alertOf(
      parseCap(
        mutate(['<scope>Public</scope>', '<scope>Restricted</scope><restriction>duty staff</restriction>']),
      ),
    );
    expect(restricted).toMatchObject({ scope: 'Restricted', restriction: 'duty staff' });
    const priv = alertOf(
      parseCap(mutate(['<scope>Public</scope>', '<scope>Private</scope><addresses>a@b "c d"</addresses>'])),
    );
    expect(priv).toMatchObject({ scope: 'Private', addresses: 'a@b "c d"' });
  });
});

describe('references', () => {
  const refs = '<references>sender@example.org,ID-0,2026-07-19T21:00:00+08:00</references>';
  it.each<Row>([
    [
      'two parts',
      [[refs, '<references>sender@example.org,ID-0</references>']],
      'alert.references[0]',
      'not a sender,identifier,sent triple (it has 2 part(s))',
    ],
    [
      'four parts',
      [[refs, '<references>a,b,2026-07-19T21:00:00+08:00,d</references>']],
      'alert.references[0]',
      'it has 4 part(s)',
    ],
    [
      'a bad time in the second',
      [[refs, '<references>a,b,2026-07-19T21:00:00+08:00 a,c,2026-07-19T13:00:00Z</references>']],
      'alert.references[1]',
      /sent in "a,c,2026-07-19T13:00:00Z".*"Z"/,
    ],
    [
      '& in a sender',
      [[refs, '<references>a&amp;b,c,2026-07-19T21:00:00+08:00</references>']],
      'alert.references[0]',
      /sender in .* contains "&"/,
    ],
    [
      'an empty identifier',
      [[refs, '<references>a,,2026-07-19T21:00:00+08:00</references>']],
      'alert.references[0]',
      /identifier in .* must not be empty/,
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  it('reads several triples separated by any whitespace', () => {
    const alert = alertOf(
      parseCap(
        mutate([
          refs,
          '<references>\n a,b,2026-07-19T21:00:00+08:00\n\t c,d,2026-07-19T21:10:00-00:00 </references>',
        ]),
      ),
    );
    expect(alert.references).toEqual([
      { sender: 'a', identifier: 'b', sent: '2026-07-19T21:00:00+08:00' },
      { sender: 'c', identifier: 'd', sent: '2026-07-19T21:10:00-00:00' },
    ]);
  });
});

describe('area geometry', () => {
  const polygon = '<polygon>33.0,114.0 33.1,114.0 33.1,114.1 33.0,114.0</polygon>';
  const circle = '<circle>33.05,114.05 2.5</circle>';
  const polygonPath = 'alert.info[0].area[0].polygon[0]';
  const circlePath = 'alert.info[0].area[0].circle[0]';
  it.each<Row>([
    [
      'a polygon of 3 pairs',
      [[polygon, '<polygon>33.0,114.0 33.1,114.0 33.0,114.0</polygon>']],
      polygonPath,
      'has 3 point(s); a polygon needs at least 4',
    ],
    [
      'an open polygon',
      [[polygon, '<polygon>33.0,114.0 33.1,114.0 33.1,114.1 33.0,114.1</polygon>']],
      polygonPath,
      'is not closed',
    ],
    [
      'a latitude of 91',
      [[polygon, '<polygon>91,114.0 33.1,114.0 33.1,114.1 91,114.0</polygon>']],
      polygonPath,
      'latitude 91 in "91,114.0" is outside -90..90',
    ],
    [
      'a longitude of 181',
      [[polygon, '<polygon>33.0,181 33.1,114.0 33.1,114.1 33.0,181</polygon>']],
      polygonPath,
      'longitude 181',
    ],
    [
      'a pair that is not numbers',
      [[polygon, '<polygon>33.0,114.0 north,east 33.1,114.1 33.0,114.0</polygon>']],
      polygonPath,
      'point 2: "north,east" is not a "latitude,longitude" pair',
    ],
    ['an empty polygon', [[polygon, '<polygon></polygon>']], polygonPath, 'has 0 point(s)'],
    [
      'a circle without radius',
      [[circle, '<circle>33.05,114.05</circle>']],
      circlePath,
      'is not "latitude,longitude radius"',
    ],
    ['a negative radius', [[circle, '<circle>33.05,114.05 -1</circle>']], circlePath, 'is negative'],
    ['a circle at latitude -95', [[circle, '<circle>-95,114.05 1</circle>']], circlePath, 'outside -90..90'],
    [
      'a radius in exponent form',
      [[circle, '<circle>33.05,114.05 1e3</circle>']],
      circlePath,
      'not a number of kilometres',
    ],
    [
      'a ceiling without altitude',
      [remove('<altitude>100</altitude>')],
      'alert.info[0].area[0].ceiling',
      '<ceiling> may only be used together with <altitude>',
    ],
    [
      'an altitude that is not a number',
      [['<altitude>100</altitude>', '<altitude>high</altitude>']],
      'alert.info[0].area[0].altitude',
      '"high" is not a decimal number',
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });

  it('compares the closing point by value, and accepts an altitude without a ceiling', () => {
    const alert = alertOf(
      parseCap(
        mutate(
          [polygon, '<polygon>33.0,114.0 33.1,114.0 33.1,114.1 33.00,114.000</polygon>'],
          ['<ceiling>200.5</ceiling>', ''],
        ),
      ),
    );
    expect(alert.info[0]?.area[0]?.ceiling).toBeUndefined();
    expect(alert.info[0]?.area[0]?.altitude).toBe(100);
  });
});

describe('resource, language and size', () => {
  it.each<Row>([
    [
      'a fractional size',
      [['<size>1024</size>', '<size>1.5</size>']],
      'alert.info[0].resource[0].size',
      'not a whole number of bytes',
    ],
    [
      'a negative size',
      [['<size>1024</size>', '<size>-1</size>']],
      'alert.info[0].resource[0].size',
      'is negative',
    ],
    [
      'a size in words',
      [['<size>1024</size>', '<size>big</size>']],
      'alert.info[0].resource[0].size',
      'not a whole number',
    ],
    [
      'a MIME type without subtype',
      [['<mimeType>image/png</mimeType>', '<mimeType>png</mimeType>']],
      'alert.info[0].resource[0].mimeType',
      'not a MIME type',
    ],
    [
      'a language with an underscore',
      [['<language>zh-CN</language>', '<language>zh_CN</language>']],
      'alert.info[0].language',
      'not a language tag',
    ],
  ])('refuses %s', (_name, edits, path, message) => {
    expectRefused(edits, path, message);
  });
});

describe('problem reporting', () => {
  it('reports every problem of a document at once, in document order', () => {
    const problems = problemsOf(
      parseCap(
        mutate(
          ['<status>Exercise</status>', '<status>Real</status>'],
          ['<urgency>Expected</urgency>', '<urgency>Soon</urgency>'],
          ['<size>1024</size>', '<size>x</size>'],
        ),
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'alert.status',
      'alert.info[0].urgency',
      'alert.info[0].resource[0].size',
    ]);
  });

  it('caps the list of problems at 100 and says how many more there were', () => {
    const many = Array.from({ length: 150 }, (_, i) => `<bogus${i}/>`).join('');
    const problems = problemsOf(parseCap(mutate(['<audience>', `${many}<audience>`])));
    expect(problems).toHaveLength(101);
    expect(problems[100]?.message).toBe('and 50 more problems');
  });
});
