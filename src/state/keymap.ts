// This is the one table of every key binding (issue 18 item 6), data that reads best whole, a binding a row;
// the code around it is the three functions derived from it.
import { type KeyInfo, type KeyTest, keyNames, keysTest } from './key-names.js';

export type { KeyInfo };

/** Everything a key can ask the console to do; the App turns each into UI actions or a collector request. */
export const Command = {
  focusNext: 'focus.next',
  focusPrev: 'focus.prev',
  up: 'select.up',
  down: 'select.down',
  pageUp: 'select.pageUp',
  pageDown: 'select.pageDown',
  top: 'select.top',
  bottom: 'select.bottom',
  details: 'view.details',
  ack: 'alert.ack',
  escalate: 'alert.escalate',
  snooze: 'alert.snooze',
  call: 'call.log',
  report: 'report.sent',
  note: 'note',
  filter: 'filter',
  handover: 'handover',
  help: 'help',
  forces: 'view.forces',
  team: 'team.record',
  callout: 'callout.start',
  quit: 'quit',
  interrupt: 'interrupt',
  dismiss: 'dismiss',
  submit: 'form.submit',
  back: 'form.back',
  cancel: 'form.cancel',
  confirm: 'form.confirm',
  backspace: 'text.backspace',
  choicePrev: 'choice.prev',
  choiceNext: 'choice.next',
  choicePick: 'choice.pick',
  close: 'overlay.close',
  scrollUp: 'overlay.up',
  scrollDown: 'overlay.down',
  accept: 'handover.accept',
  nextPrompt: 'prompt.next',
  prevPrompt: 'prompt.prev',
  chaseReached: 'chase.reached',
  chaseMissed: 'chase.noAnswer',
} as const;
/** One command name, e.g. `alert.ack`. */
export type Command = (typeof Command)[keyof typeof Command];

/**
 * What the keyboard is driving: the panels (with the chase prompt showing, `chase`: c and C are its), a text or
 * choice field of a dialog, a dialog's confirm step, a read-only overlay (help, details), the handover report,
 * the quit question, or the filter line.
 */
export type InputMode =
  | 'normal'
  | 'chase'
  | 'text'
  | 'choice'
  | 'confirm'
  | 'overlay'
  | 'handover'
  | 'quit'
  | 'filter';

/** Every mode, in the order the help page lists them. */
export const INPUT_MODES: readonly InputMode[] = [
  'normal',
  'chase',
  'text',
  'choice',
  'confirm',
  'filter',
  'overlay',
  'handover',
  'quit',
];

/** A label in both languages. */
export type Label = { zh: string; en: string };

/**
 * One line of the key map: the keys as the help shows them (space-separated names, see {@link keyTest}; the
 * matcher is derived from them), in which modes, what they do, and the footer's short label if the footer
 * shows them.
 */
export type KeyBinding = {
  command: Command;
  modes: readonly InputMode[];
  keys: string;
  help: Label;
  footer?: Label;
};

// The panels' keys work the same with the chase prompt up, except the ones the chase takes over.
const PANELS: readonly InputMode[] = ['normal', 'chase'];
const TEXT_MODES: readonly InputMode[] = ['text', 'filter'];

/** A label as a table cell: `[zh, en]`. */
type LabelCell = readonly [zh: string, en: string];

/** One row of the table below, so each binding reads on one line: command, modes, keys, help, footer label. */
function bind(
  command: Command,
  modes: readonly InputMode[],
  keys: string,
  [helpZh, helpEn]: LabelCell,
  footer?: LabelCell,
): KeyBinding {
  const binding: KeyBinding = { command, modes, keys, help: { zh: helpZh, en: helpEn } };
  if (footer) binding.footer = { zh: footer[0], en: footer[1] };
  return binding;
}

/**
 * The whole key map, first match wins; the matcher, the help page and the footer hints are all derived from it.
 * One-key commands never act on the collector: every action opens a dialog that ends in a confirm step
 * (terminal-ui.md, "Input"). Within a mode no key matches two bindings (test/state/keymap.test.ts).
 */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  bind(Command.interrupt, INPUT_MODES, 'Ctrl-C', ['退出（先询问）', 'quit (asks first)']),
  // Panels.
  bind(Command.focusPrev, PANELS, 'Shift-Tab', ['上一个面板', 'previous panel']),
  bind(Command.focusNext, PANELS, 'Tab', ['下一个面板', 'next panel'], ['面板', 'panel']),
  bind(Command.up, PANELS, '↑ k', ['上一行', 'previous row'], ['选择', 'select']),
  bind(Command.down, PANELS, '↓ j', ['下一行', 'next row'], ['选择', 'select']),
  bind(Command.pageUp, PANELS, 'PgUp', ['上一页', 'page up']),
  bind(Command.pageDown, PANELS, 'PgDn', ['下一页', 'page down']),
  bind(Command.top, PANELS, 'Home g', ['第一行', 'first row']),
  bind(Command.bottom, PANELS, 'End G', ['最后一行', 'last row']),
  bind(Command.details, PANELS, 'Enter', ['详情', 'details'], ['详情', 'details']),
  bind(
    Command.ack,
    PANELS,
    'a',
    ['确认告警（原因 + 复查时间）', 'acknowledge (reason + re-check time)'],
    ['确认', 'ack'],
  ),
  bind(
    Command.escalate,
    PANELS,
    'e',
    ['立即升级到下一级', 'escalate to the next rung now'],
    ['升级', 'escalate'],
  ),
  bind(
    Command.snooze,
    PANELS,
    's',
    ['暂缓（必须设到期时间）', 'snooze (expiry required)'],
    ['暂缓', 'snooze'],
  ),
  bind(
    Command.call,
    ['normal'],
    'c',
    ['记录电话（接通/未接通）', 'log a call (reached / no answer)'],
    ['电话', 'call'],
  ),
  // The chase prompt's (叫应逾期): a call to its first row, which settles that recipient.
  bind(
    Command.chaseReached,
    ['chase'],
    'c',
    ['已接通：记录给第一位的电话', 'reached: log the call to the first in the list'],
    ['已接通', 'reached'],
  ),
  bind(
    Command.chaseMissed,
    ['chase'],
    'C',
    ['未接通：记录给第一位的电话', 'no answer: log the call to the first in the list'],
    ['未接通', 'no answer'],
  ),
  bind(Command.report, PANELS, 'r', ['登记已报送', 'mark a report sent'], ['报送', 'report']),
  bind(Command.note, PANELS, 'n', ['写备注', 'write a note'], ['备注', 'note']),
  bind(Command.filter, PANELS, '/', ['筛选', 'filter'], ['筛选', 'filter']),
  bind(
    Command.handover,
    PANELS,
    'h',
    ['交接班报告与接班', 'handover report and accept'],
    ['交接', 'handover'],
  ),
  bind(Command.team, PANELS, 'd', [
    '记录队伍出动/到达/归队（电话报告）',
    'record a team out, on scene or back (by phone)',
  ]),
  bind(Command.callout, PANELS, 'o', [
    '发起叫应（站点威胁区域或乡镇）',
    'start a call-out (叫应) to a station’s area or a township',
  ]),
  bind(Command.forces, PANELS, 'f', ['救援力量（按乡镇）', 'rescue forces by township']),
  bind(Command.help, PANELS, '?', ['帮助', 'help'], ['帮助', 'help']),
  bind(Command.prevPrompt, PANELS, 'P', ['上一个待处理提示', 'previous waiting prompt']),
  bind(Command.nextPrompt, PANELS, 'p', [
    '下一个待处理提示（"还有 N 条"）',
    'next waiting prompt (the "+N more")',
  ]),
  bind(Command.dismiss, PANELS, 'Esc', [
    '关闭已处理的提示，清除筛选',
    'close a handled prompt, clear the filter',
  ]),
  bind(
    Command.quit,
    PANELS,
    'q',
    ['退出（有待处理提示或演示中先询问）', 'quit (asks first while prompts wait, or in the demo)'],
    ['退出', 'quit'],
  ),
  // Confirm steps: only a lone y sends; Enter does nothing, so a double Enter over a laggy link cannot send.
  bind(
    Command.confirm,
    ['confirm', 'quit'],
    'y Y',
    ['确认并发送 / 确认退出', 'confirm and send / confirm quit'],
    ['发送', 'send'],
  ),
  bind(
    Command.cancel,
    ['confirm', 'quit'],
    'n N Esc',
    ['不发送 / 不退出', 'do not send / do not quit'],
    ['取消', 'cancel'],
  ),
  // Dialog fields.
  bind(Command.choicePrev, ['choice'], '← ↑ k', ['上一个选项', 'previous choice'], ['选择', 'choose']),
  bind(Command.choiceNext, ['choice'], '→ ↓ j', ['下一个选项', 'next choice'], ['选择', 'choose']),
  bind(Command.choicePick, ['choice'], '1-9', ['直接选第 N 项', 'pick choice N'], ['直接选', 'pick']),
  bind(
    Command.submit,
    ['text', 'choice', 'filter'],
    'Enter Tab',
    ['下一项 / 应用', 'next field / apply'],
    ['下一项', 'next'],
  ),
  bind(
    Command.back,
    ['text', 'choice', 'confirm'],
    'Shift-Tab',
    ['回到上一项', 'back to the previous field'],
    ['上一项', 'back'],
  ),
  bind(
    Command.cancel,
    ['text', 'choice', 'filter'],
    'Esc',
    ['取消，不发送', 'cancel, send nothing'],
    ['取消', 'cancel'],
  ),
  bind(Command.backspace, TEXT_MODES, 'Backspace', ['删除一个字', 'delete a character']),
  // Overlays.
  bind(
    Command.accept,
    ['handover'],
    'a',
    ['接班（再确认）', 'accept the watch (then confirm)'],
    ['接班', 'accept'],
  ),
  bind(Command.close, ['overlay', 'handover'], 'Esc q Enter', ['关闭', 'close'], ['关闭', 'close']),
  bind(Command.close, ['overlay', 'handover'], '? h', [
    '也关闭（帮助键、交接键）',
    'close too (the help and handover keys)',
  ]),
  bind(Command.scrollUp, ['overlay', 'handover'], '↑ k', ['向上滚动', 'scroll up'], ['滚动', 'scroll']),
  bind(Command.scrollDown, ['overlay', 'handover'], '↓ j', ['向下滚动', 'scroll down'], ['滚动', 'scroll']),
];

// Each binding's matcher, derived once from its key names.
const MATCHERS = new Map<KeyBinding, KeyTest>(KEY_BINDINGS.map((b) => [b, keysTest(b.keys)]));

/**
 * The command `input`/`key` means in `mode`: the first binding of that mode whose keys include the press, or
 * undefined (in a text field or the filter line: a character to insert).
 */
export function keyToCommand(input: string, key: KeyInfo, mode: InputMode): Command | undefined {
  for (const binding of KEY_BINDINGS) {
    if (binding.modes.includes(mode) && MATCHERS.get(binding)?.(input, key)) return binding.command;
  }
  return undefined;
}

/** The bindings of one mode, in table order: the help page's sections. */
export function bindingsFor(mode: InputMode): KeyBinding[] {
  return KEY_BINDINGS.filter((b) => b.modes.includes(mode));
}

/**
 * The footer's key hints for `mode`, e.g. `Tab 面板 · ↑↓ 选择 · …`: each labelled binding's first key, and
 * neighbours with the same label under one (`↑↓`), so the footer shows only keys that work in that mode.
 */
export function footerHints(mode: InputMode, lang: 'zh' | 'en'): string {
  const hints: { keys: string; label: string }[] = [];
  for (const binding of bindingsFor(mode)) {
    if (!binding.footer) continue;
    const key = keyNames(binding.keys)[0] ?? '';
    const label = binding.footer[lang];
    const last = hints[hints.length - 1];
    if (last && last.label === label) last.keys += key;
    else hints.push({ keys: key, label });
  }
  return hints.map((h) => `${h.keys} ${h.label}`).join(' · ');
}
