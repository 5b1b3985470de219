// Over 250 lines on purpose: the table of audit sentences in both languages is most of it, and must stay whole.
import { LEVEL_NAMES, levelTitle } from '../../domain/incident-level.js';
import { type Lang, RUNG_NAMES } from '../../domain/vocabulary.js';
import type { AuditEntry, ObligationFeed, RungTarget } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';
import { formatClock, type NameStyle, nameOf, utcOffsetOf } from './context.js';
import { OBLIGATION_KIND_NAMES, REPORT_TARGET_NAMES } from './obligations.js';

type ObligationKind = ObligationFeed['kind'];
type ReportTarget = ObligationFeed['target'];
// The collector's audit text names levels in Chinese (`upgraded 一般 → 较大`); English readers get the same
// names the rest of the console uses.
const LEVEL_EN: Readonly<Record<string, string>> = Object.fromEntries(
  ([1, 2, 3, 4] as const).map((level) => [LEVEL_NAMES[level].zh, levelTitle(level, 'en')]),
);

// The collector writes its audit text in English with ids and UTC instants (it is the record); what a person
// reads is said in their language, with names and the county's clock. Unknown text passes through with only
// the ids and instants made readable, so nothing the collector wrote is ever hidden.
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;
const ROLES = 'officer|leader|chief|government';

/** The words of the translated entries; `rung` is e.g. `2/4` or `2/4（第 2 轮）`. */
const SAY: Readonly<
  Record<
    Lang,
    {
      rung(step: string, of: string, repeat: string | undefined): string;
      escalated(rung: string, role: string, who: string): string;
      drill(rung: string, role: string, who: string): string;
      nobody(rung: string, role: string): string;
      recheck(reason: string, at: string): string;
      stillOn(at: string): string;
      until(reason: string, at: string): string;
      called(to: string, reached: boolean, note: string): string;
      unAck(who: string): string;
      snoozeOver(who: string): string;
      cleared: string;
      noAnswer(to: string): string;
      accepted(who: string, from: string): string;
      took(who: string, from: string): string;
      handover(from: string, to: string): string;
      holds(who: string): string;
      worse(title: string): string;
      upgraded(from: string, to: string): string;
      clock(kind: string, target: string, due: string): string;
      report(kind: string, note: string): string;
    }
  >
> = {
  zh: {
    rung: (step, of, repeat) => `第 ${step}/${of} 级${repeat ? `（第 ${Number(repeat) + 1} 轮）` : ''}`,
    escalated: (rung, role, who) => `${rung}：已通知${role} ${who}`,
    drill: (rung, role, who) => `演练 ${rung}：${role} ${who}（仅演练，未实际通知）`,
    nobody: (rung, role) => `${rung}：无人担任${role}，已跳过——请补排班`,
    recheck: (reason, at) => `${reason}（复查 ${at}）`,
    stillOn: (at) => `仍在处理；复查 ${at}`,
    until: (reason, at) => `${reason}（暂缓到 ${at}）`,
    called: (to, reached, note) => `打给 ${to}：${reached ? '接通' : '未接通'}${note ? `——${note}` : ''}`,
    unAck: (who) => `${who} 的确认未在复查时间前续期：再次触发`,
    snoozeOver: (who) => `${who} 设的暂缓已到期：再次触发`,
    cleared: '条件已解除',
    noAnswer: (to) => `${to} 未接通`,
    accepted: (who, from) => `${who} 从 ${from} 接过值班`,
    took: (who, from) => `${who} 从 ${from} 接手值班`,
    handover: (from, to) => `交接 ${from} → ${to}：${to} 接班前由 ${from} 继续值守`,
    holds: (who) => `${who} 开始值守`,
    worse: (title) => `确认后情况恶化：${title}`,
    upgraded: (from, to) => `等级 ${from} → ${to}：报送时限重新计时`,
    clock: (kind, target, due) => `${kind} → ${target}，${due} 前到期`,
    report: (kind, note) => `${kind}：${note}`,
  },
  en: {
    rung: (step, of, repeat) => `rung ${step}/${of}${repeat ? ` (repeat ${repeat})` : ''}`,
    escalated: (rung, role, who) => `${rung}: ${role} ${who} alerted`,
    drill: (rung, role, who) => `DRILL ${rung}: ${role} ${who}, not paged (exercise only)`,
    nobody: (rung, role) => `NOBODY holds ${role}: ${rung} skipped, fix the roster`,
    recheck: (reason, at) => `${reason} (re-check ${at})`,
    stillOn: (at) => `still on it; re-check ${at}`,
    until: (reason, at) => `${reason} (until ${at})`,
    called: (to, reached, note) =>
      `called ${to}: ${reached ? 'reached' : 'no answer'}${note ? `: ${note}` : ''}`,
    unAck: (who) => `acknowledgement by ${who} not confirmed by its re-check time: triggered again`,
    snoozeOver: (who) => `snooze by ${who} ended: triggered again`,
    cleared: 'condition cleared',
    noAnswer: (to) => `no answer from ${to}`,
    accepted: (who, from) => `${who} accepted the watch from ${from}`,
    took: (who, from) => `${who} took the watch from ${from}`,
    handover: (from, to) => `handover ${from} -> ${to}: ${from} stays on watch until ${to} accepts`,
    holds: (who) => `${who} holds the watch`,
    worse: (title) => `worse since the acknowledgement: ${title}`,
    upgraded: (from, to) => `upgraded ${from} -> ${to}: reporting clocks re-armed`,
    clock: (kind, target, due) => `${kind} to ${target} due ${due}`,
    report: (kind, note) => `${kind}: ${note}`,
  },
};

/** Says audit entries in a language: names for ids, the county's clock for UTC instants. */
export function logTextSayer(state: WatchState, names: NameStyle): (entry: AuditEntry) => string {
  const lang: Lang = names === 'zh' ? 'zh' : 'en';
  const say = SAY[lang];
  const offset = utcOffsetOf(state);
  const person = (id: string) => {
    const p = state.people.get(id);
    return p ? nameOf(p, names) : id;
  };
  const role = (target: string) => RUNG_NAMES[target as RungTarget]?.[lang] ?? target;
  // The same role and person in one breath is said once (县政府总值班室 is both).
  const roleAndWho = (target: string, who: string) => {
    const r = role(target);
    const name = who === 'NOBODY on the roster' ? '--' : person(who);
    return { r, name: name === r ? '' : name };
  };
  const clock = (iso: string) => {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? formatClock(ms, offset) : iso;
  };
  const ids = [...state.people.keys()].sort((a, b) => b.length - a.length);
  const readable = (text: string) => {
    let out = text.replace(ISO_INSTANT, clock);
    for (const id of ids) {
      if (out.includes(id))
        out = out.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(id)}(?![\\w-])`, 'g'), person(id));
    }
    return out;
  };
  // The collector names levels in Chinese (较大); an English console says the Roman numeral's word.
  const levelName = (zh: string) => (lang === 'zh' ? zh : (LEVEL_EN[zh] ?? zh));
  const rungOf = (m: RegExpExecArray) => say.rung(m[1] ?? '', m[2] ?? '', m[3]);
  return (entry) => {
    const t = entry.text;
    let m: RegExpExecArray | null;
    switch (entry.action) {
      case 'escalated':
        m = new RegExp(
          `^rung (\\d+)/(\\d+)(?: \\(repeat (\\d+)\\))?: (${ROLES}) \\([^)]*\\) (\\S+) alerted$`,
        ).exec(t);
        if (m) {
          const { r, name } = roleAndWho(m[4] ?? '', m[5] ?? '');
          return say.escalated(rungOf(m), r, name).trimEnd();
        }
        break;
      case 'drill_escalated':
        m = new RegExp(
          `^DRILL rung (\\d+)/(\\d+)(?: \\(repeat (\\d+)\\))?: (${ROLES}) \\([^)]*\\) (.+?) — `,
        ).exec(t);
        if (m) {
          const { r, name } = roleAndWho(m[4] ?? '', m[5] ?? '');
          return say.drill(rungOf(m), r, name);
        }
        break;
      case 'no_one_on_duty':
        m = new RegExp(
          `^NOBODY holds (${ROLES}) \\([^)]*\\): rung (\\d+)/(\\d+)(?: \\(repeat (\\d+)\\))? skipped`,
        ).exec(t);
        if (m) return say.nobody(say.rung(m[2] ?? '', m[3] ?? '', m[4]), role(m[1] ?? ''));
        break;
      case 'acknowledged':
        m = /^([\s\S]*) \(re-check (\S+)\)$/.exec(t);
        if (m) return say.recheck(m[1] ?? '', clock(m[2] ?? ''));
        break;
      case 'confirmed':
        m = /^still on it; re-check (\S+)$/.exec(t);
        if (m) return say.stillOn(clock(m[1] ?? ''));
        break;
      case 'snoozed':
        m = /^([\s\S]*) \(until (\S+)\)$/.exec(t);
        if (m) return say.until(m[1] ?? '', clock(m[2] ?? ''));
        break;
      case 'call_logged':
        m = /^called ([\s\S]+?): (reached|no answer)(?: — ([\s\S]*))?$/.exec(t);
        if (m) return say.called(m[1] ?? '', m[2] === 'reached', m[3] ?? '');
        break;
      case 'escalation_request':
        m = /^no answer from ([\s\S]+)$/.exec(t);
        if (m) return say.noAnswer(m[1] ?? '');
        break;
      case 'auto_un_ack':
        m = /^acknowledgement by (\S+) not confirmed/.exec(t);
        if (m) return say.unAck(person(m[1] ?? ''));
        break;
      case 'snooze_expired':
        m = /^snooze by (\S+) ended/.exec(t);
        if (m) return say.snoozeOver(person(m[1] ?? ''));
        break;
      case 'closed':
        if (t === 'condition cleared') return say.cleared;
        break;
      case 'created': {
        // The collector logs the English title; the alert itself carries both.
        const alert = entry.alert === null ? undefined : state.alerts.get(entry.alert);
        if (alert && t === alert.title.en) return alert.title[lang];
        break;
      }
      case 'handover_accepted':
      case 'shift_started':
        m = /^(\S+) (?:accepted|took) the watch from (\S+)$/.exec(t);
        if (m) {
          const sayIt = entry.action === 'handover_accepted' ? say.accepted : say.took;
          return sayIt(person(m[1] ?? ''), person(m[2] ?? ''));
        }
        break;
      case 'handover_started':
        m = /^handover (\S+) → (\S+):/.exec(t);
        if (m) return say.handover(person(m[1] ?? ''), person(m[2] ?? ''));
        break;
      case 'new_data': {
        const alert = entry.alert === null ? undefined : state.alerts.get(entry.alert);
        if (alert && t === `worse since the acknowledgement: ${alert.title.en}`)
          return say.worse(alert.title[lang]);
        break;
      }
      case 'incident_upgraded':
        m = /^upgraded (\S+) → (\S+): reporting clocks re-armed$/.exec(t);
        if (m) return say.upgraded(levelName(m[1] ?? ''), levelName(m[2] ?? ''));
        break;
      case 'clock_started':
        m =
          /^(statutory|phone|written|followup) report to (city|province|ministry|county_gov) due (\S+)$/.exec(
            t,
          );
        if (m) {
          const kind = OBLIGATION_KIND_NAMES[m[1] as ObligationKind][lang];
          return say.clock(kind, REPORT_TARGET_NAMES[m[2] as ReportTarget][lang], clock(m[3] ?? ''));
        }
        break;
      case 'callout_started':
      case 'drill_callout_started':
        // 叫应: the message's title is in the county's language; an English console gives the figures alone.
        m =
          /^叫应 #(\d+) \((.+?)\): ([\s\S]*) — (\d+) to answer within (\d+) min(?:; (\d+) have no channel: phone them)?$/.exec(
            t,
          );
        if (m) {
          const [, id = '', who = '', title = '', n = '', minutes = '', unreachable] = m;
          const trigger = /^(\w+) trigger$/.exec(who)?.[1];
          const TRIGGER_ZH: Readonly<Record<string, string>> = {
            station: '水情',
            cap: '预警',
            incident: '事件',
          };
          const by =
            trigger === undefined
              ? person(who)
              : lang === 'zh'
                ? `${TRIGGER_ZH[trigger] ?? trigger}触发`
                : who;
          const drill = entry.action === 'drill_callout_started';
          return lang === 'zh'
            ? `${drill ? '【演练】' : ''}叫应 #${id}（${by}）：${title}——${n} 人须在 ${minutes} 分钟内应答${unreachable ? `；${unreachable} 人无可用渠道，请电话联系` : ''}`
            : `${drill ? 'DRILL ' : ''}call-out #${id} (${by}): ${n} to answer within ${minutes} min${unreachable ? `; ${unreachable} have no channel: phone them` : ''}`;
        }
        break;
      case 'report_sent':
        m = /^(statutory|phone|written|followup) report: ([\s\S]*)$/.exec(t);
        if (m) return say.report(OBLIGATION_KIND_NAMES[m[1] as ObligationKind][lang], m[2] ?? '');
        break;
      case 'watch_started':
        m = /^(\S+) holds the watch/.exec(t);
        if (m) return say.holds(person(m[1] ?? ''));
        break;
    }
    return readable(t);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
