import { createHash } from 'node:crypto';
import { ANSWER_KINDS, ANSWER_LABELS, type AnswerKind } from '../../src/domain/callout/recipient-state.js';
import { ROLE_LABELS } from '../../src/domain/callout/roles.js';
import { formatLocal } from '../../src/domain/local-time.js';
import type { Lang } from '../../src/domain/vocabulary.js';
import type { CalloutRow, RecipientRow } from './callouts-repo.js';

export type { Lang };

// One small stylesheet, allowed by its hash: the page runs no script and loads nothing else.
const CSS = `body{font:17px/1.5 system-ui,sans-serif;margin:0;padding:16px;max-width:560px;color:#111;background:#fff}
h1{font-size:20px;margin:0 0 8px}.drill{background:#fe0;padding:4px 8px;font-weight:bold}.msg{white-space:pre-wrap;
border-left:4px solid #c00;padding:8px 12px;background:#fff4f4}.who{color:#444}button{display:block;width:100%;
margin:10px 0;padding:14px;font-size:18px;border:0;border-radius:8px;background:#0a5;color:#fff}
button.warn{background:#c60}input,textarea{width:100%;font-size:17px;padding:8px;box-sizing:border-box}
.err{color:#b00;font-weight:bold}.ok{font-size:20px;color:#070}`;

/** The Content-Security-Policy of every answer page: nothing but its own inline style, forms only to itself. */
export const ANSWER_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const WORDS = {
  zh: {
    title: '叫应回复',
    drill: '演练',
    to: '致',
    deadline: '请在此时间前回复',
    count: '人数（已到岗或正在转移的人数）',
    note: '说明（可选）',
    thanks: '已收到您的回复，已通知县应急值班室。',
    answered: '您的回复',
    needCount: '“正在转移”请填写人数。',
  },
  en: {
    title: 'Answer the call-out',
    drill: 'DRILL',
    to: 'To',
    deadline: 'Please answer by',
    count: 'Headcount (on duty, or being evacuated)',
    note: 'Note (optional)',
    thanks: 'Your answer is recorded; the county duty desk has it.',
    answered: 'Your answer',
    needCount: 'Evacuating: please give how many people.',
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function page(lang: Lang, body: string): string {
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${WORDS[lang].title}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

const localTime = (ms: number, utcOffset: string) =>
  `${formatLocal(ms, utcOffset, 'HH:mm')} (UTC${utcOffset})`;

/** The answer form: the warning, who it is for, the four answers, a headcount and a note. */
export function answerForm(
  c: CalloutRow,
  r: RecipientRow,
  lang: Lang,
  utcOffset: string,
  error?: string,
): string {
  const w = WORDS[lang];
  const message = c.message.replace(/\s*\{link\}\s*/g, ' ').trim();
  const buttons = ANSWER_KINDS.map(
    (k: AnswerKind) =>
      `<button type="submit" name="answer" value="${k}"${k === 'need_support' ? ' class="warn"' : ''}>${escapeHtml(ANSWER_LABELS[k][lang])}</button>`,
  ).join('');
  return page(
    lang,
    `${c.drill === 1 ? `<p class="drill">${w.drill}</p>` : ''}<h1>${escapeHtml(c.title)}</h1>
<p class="who">${w.to} ${escapeHtml(r.name)} · ${escapeHtml(r.place)} ${escapeHtml(ROLE_LABELS[r.role][lang])}</p>
<p class="msg">${escapeHtml(message)}</p><p>${w.deadline} ${localTime(c.deadline_at, utcOffset)}</p>
${error ? `<p class="err">${escapeHtml(error)}</p>` : ''}<form method="post">
<input type="hidden" name="lang" value="${lang}"><label>${w.count}<input name="count" type="number" min="0" max="100000" inputmode="numeric"></label>
<label>${w.note}<textarea name="note" maxlength="200" rows="2"></textarea></label>${buttons}</form>`,
  );
}

/** After an answer: what was recorded. */
export function answerThanks(r: RecipientRow, lang: Lang): string {
  const w = WORDS[lang];
  const what = r.answer ? ANSWER_LABELS[r.answer][lang] : '';
  const count = r.answer_count !== null ? ` ${r.answer_count}${lang === 'zh' ? ' 人' : ''}` : '';
  return page(lang, `<p class="ok">${w.thanks}</p><p>${w.answered}: <b>${escapeHtml(what + count)}</b></p>`);
}

export const needCountMessage = (lang: Lang) => WORDS[lang].needCount;
