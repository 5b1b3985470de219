/**
 * An OASIS CAP 1.2 alert message as dutywatch reads and writes it
 * (https://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2-os.html). Field names follow the spec's element
 * names; repeated elements are arrays (empty when absent); times stay the strings the document carries
 * (CAP dateTime, always with a numeric offset) — `capTimeToMs` converts them.
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** One entry of `references`: "sender,identifier,sent". */
export type CapReference = { sender: string; identifier: string; sent: string };

/** `eventCode`, `parameter` and `geocode` are name/value pairs. */
export type CapValuePair = { valueName: string; value: string };

export type CapResource = {
  resourceDesc: string;
  mimeType: string;
  size?: number;
  uri?: string;
  derefUri?: string;
  digest?: string;
};

export type CapArea = {
  areaDesc: string;
  polygon: string[];
  circle: string[];
  geocode: CapValuePair[];
  altitude?: number;
  ceiling?: number;
};

export type CapInfo = {
  /** RFC 3066 language; CAP's default is `en-US`. */
  language: string;
  category: CapCategory[];
  event: string;
  responseType: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  audience?: string;
  eventCode: CapValuePair[];
  effective?: string;
  onset?: string;
  expires?: string;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameter: CapValuePair[];
  resource: CapResource[];
  area: CapArea[];
};

export type CapAlert = {
  identifier: string;
  sender: string;
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  restriction?: string;
  addresses?: string;
  code: string[];
  note?: string;
  references: CapReference[];
  incidents?: string;
  info: CapInfo[];
};

/** Where a CAP document breaks the rules: `path` names the element (`alert.info[0].urgency`). */
export type CapProblem = { path: string; message: string };

export type CapParseResult = { ok: true; alert: CapAlert } | { ok: false; problems: CapProblem[] };
