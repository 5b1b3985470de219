import type { IncomingMessage, ServerResponse } from 'node:http';
import { cleanText } from '../../src/domain/callout/message.js';
import { ANSWER_KINDS, type AnswerKind } from '../../src/domain/callout/recipient-state.js';
import { createFailureWindow } from '../auth/failure-window.js';
import { ANSWER_CSP, answerForm, answerThanks, type Lang, needCountMessage } from './answer-html.js';
import { TOKEN_PATTERN } from './answer-links.js';
import type { CalloutRow, RecipientRow } from './callouts-repo.js';

/** The answer page's path prefix: `/r/<token>`. */
export const ANSWER_PREFIX = '/r/';

/** A form body larger than this is refused (413) before it is read further. */
export const MAX_FORM_BYTES = 4096;

/** Failed look-ups one address may make per minute before it gets 429 instead of a look-up. */
const FAILURES_PER_MINUTE = 20;

export type AnswerPageDeps = {
  /** The recipient a live token belongs to (open call-out, not answered, not expired), compared in constant time. */
  find(token: string): { callout: CalloutRow; recipient: RecipientRow } | undefined;
  /** Records an answer; returns the updated recipient, or a refusal. */
  answer(
    token: string,
    kind: AnswerKind,
    count: number | null,
    note: string | null,
  ): { ok: true; recipient: RecipientRow } | { ok: false; reason: string };
  utcOffset(): string;
};

const BASE_HEADERS = {
  'Content-Security-Policy': ANSWER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

const notFound = (res: ServerResponse) => send(res, 404, 'text/plain; charset=utf-8', 'not found\n');

function languageOf(req: IncomingMessage, url: URL, form?: URLSearchParams): Lang {
  const asked = form?.get('lang') ?? url.searchParams.get('lang');
  if (asked === 'en' || asked === 'zh') return asked;
  return /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

/**
 * Serves the answer page: GET shows the warning and the answer buttons, POST records the answer and says so
 * (no redirect: nothing in the request decides where the browser goes). A wrong, expired or spent token gets the
 * same plain 404 as any unknown path; an address that keeps failing gets 429 without a look-up.
 */
export function createAnswerPage(deps: AnswerPageDeps) {
  const failures = createFailureWindow();
  const isLimited = (address: string, now: number) => failures.count(address, now) >= FAILURES_PER_MINUTE;

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const address = req.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    if (isLimited(address, now)) {
      send(res, 429, 'text/plain; charset=utf-8', 'too many requests\n', { 'Retry-After': '60' });
      req.resume();
      return;
    }
    const token = url.pathname.slice(ANSWER_PREFIX.length);
    const found = TOKEN_PATTERN.test(token) ? deps.find(token) : undefined;
    if (!found) {
      failures.record(address, now);
      req.resume();
      notFound(res);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      send(
        res,
        200,
        'text/html; charset=utf-8',
        answerForm(found.callout, found.recipient, languageOf(req, url), deps.utcOffset()),
      );
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD, POST' });
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      req.resume();
      send(res, 415, 'text/plain; charset=utf-8', 'send the form\n');
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) {
      send(res, 413, 'text/plain; charset=utf-8', 'too large\n', { Connection: 'close' });
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.setTimeout(10_000, () => req.destroy());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        send(res, 413, 'text/plain; charset=utf-8', 'too large\n', { Connection: 'close' });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const lang = languageOf(req, url, form);
      const kind = form.get('answer') as AnswerKind | null;
      const countText = (form.get('count') ?? '').trim();
      const count = countText === '' ? null : Number(countText);
      const note =
        cleanText(form.get('note') ?? '')
          .trim()
          .slice(0, 200) || null;
      const isCountValid = count === null || (Number.isInteger(count) && count >= 0 && count <= 100_000);
      if (!kind || !ANSWER_KINDS.includes(kind) || !isCountValid) {
        send(
          res,
          400,
          'text/html; charset=utf-8',
          answerForm(found.callout, found.recipient, lang, deps.utcOffset()),
        );
        return;
      }
      if (kind === 'evacuating' && count === null) {
        const html = answerForm(
          found.callout,
          found.recipient,
          lang,
          deps.utcOffset(),
          needCountMessage(lang),
        );
        send(res, 400, 'text/html; charset=utf-8', html);
        return;
      }
      const result = deps.answer(token, kind, count, note);
      if (!result.ok) {
        failures.record(address, Date.now());
        notFound(res);
        return;
      }
      send(res, 200, 'text/html; charset=utf-8', answerThanks(result.recipient, lang));
    });
    req.on('error', () => req.destroy());
  };
}
