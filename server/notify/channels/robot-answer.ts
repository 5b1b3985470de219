import type { DeliveryOutcome } from '../channel.js';
import type { PostResult } from './http-post.js';
import { postJson, statusFailure } from './http-post.js';
import { cleanReason } from './reason.js';

export interface RobotDialect {
  /** How people name the service in a reason: `WeCom`, `DingTalk`, `Feishu`. */
  readonly service: string;
  /** Scheme and host the request went to. */
  readonly where: string;
  /** The answer's result code fields, first present wins (`errcode`; `code` then `StatusCode`). */
  readonly codeFields: readonly string[];
  readonly messageFields: readonly string[];
  /** Result codes that mean "later" (rate limit, system busy): retried. */
  readonly transientCodes: ReadonlySet<number>;
  readonly secrets: readonly string[];
}

/** What a service's answers look like, the same for all its robots; `where` and `secrets` are each robot's own. */
export type RobotAnswers = Omit<RobotDialect, 'where' | 'secrets'>;

// Rate limits and "system busy" are sometimes reported under a code not in our list; their text gives them away.
const SOUNDS_TRANSIENT = /limit|too fast|frequen|busy|try again|频|繁忙|稍后/i;

/**
 * Judges a robot's answer. Robots answer HTTP 200 even when they refuse a message, so the result code in the
 * body decides: 0 is delivered; a code known to mean "later" is transient; any other code is permanent,
 * because a bad key or signature will not heal on a retry and the officer should learn at once (the dead
 * letter raises an alert) rather than after the retries run out.
 */
export function judgeRobotAnswer(result: PostResult, dialect: RobotDialect): DeliveryOutcome {
  if (!result.ok) return result;
  const { service, where, secrets } = dialect;
  const { status, body, isTruncated } = result.answer;
  const byStatus = statusFailure(status, `${service} at ${where}`);
  if (byStatus) return { ...byStatus, reason: cleanReason(`${byStatus.reason}: ${body}`, secrets) };
  if (isTruncated) {
    return { ok: false, permanent: false, reason: `${service} at ${where} sent an answer too large to read` };
  }
  const answer = parseObject(body) ?? {};
  const code = pick(answer, dialect.codeFields);
  if (typeof code !== 'number') {
    return {
      ok: false,
      permanent: false,
      reason: cleanReason(
        `${service} at ${where} answered HTTP ${status} without a result code: ${body}`,
        secrets,
      ),
    };
  }
  if (code === 0) return { ok: true, detail: `${service} accepted (HTTP ${status}, code 0)` };
  const text = String(pick(answer, dialect.messageFields) ?? '');
  const permanent = !dialect.transientCodes.has(code) && !SOUNDS_TRANSIENT.test(text);
  return {
    ok: false,
    permanent,
    reason: cleanReason(`${service} refused the message: code ${code}${text ? ` ${text}` : ''}`, secrets),
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function pick(answer: Record<string, unknown>, fields: readonly string[]): unknown {
  for (const field of fields) if (answer[field] !== undefined) return answer[field];
  return undefined;
}

/** Posts a robot message and judges its answer: the one round trip WeCom, DingTalk and Feishu share. */
export async function postToRobot(
  url: URL,
  request: { body: string; signal: AbortSignal; ca?: string | Buffer | undefined },
  dialect: RobotDialect,
): Promise<DeliveryOutcome> {
  const result = await postJson(url, {
    body: request.body,
    signal: request.signal,
    secrets: dialect.secrets,
    ...(request.ca ? { ca: request.ca } : {}),
  });
  return judgeRobotAnswer(result, dialect);
}
