// Over 250 lines for a reason: this is the one table of every key binding (issue 18 item 6), data that reads
// best whole; the code around it is the three functions derived from it.
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

/**
 * The whole key map, first match wins; the matcher, the help page and the footer hints are all derived from it.
 * One-key commands never act on the collector: every action opens a dialog that ends in a confirm step
 * (terminal-ui.md, "Input"). Within a mode no key matches two bindings (test/state/keymap.test.ts).
 */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    command: Command.interrupt,
    modes: INPUT_MODES,
    keys: 'Ctrl-C',
    help: { zh: '退出（先询问）', en: 'quit (asks first)' },
  },
  // Panels.
  {
    command: Command.focusPrev,
    modes: PANELS,
    keys: 'Shift-Tab',
    help: { zh: '上一个面板', en: 'previous panel' },
  },
  {
    command: Command.focusNext,
    modes: PANELS,
    keys: 'Tab',
    help: { zh: '下一个面板', en: 'next panel' },
    footer: { zh: '面板', en: 'panel' },
  },
  {
    command: Command.up,
    modes: PANELS,
    keys: '↑ k',
    help: { zh: '上一行', en: 'previous row' },
    footer: { zh: '选择', en: 'select' },
  },
  {
    command: Command.down,
    modes: PANELS,
    keys: '↓ j',
    help: { zh: '下一行', en: 'next row' },
    footer: { zh: '选择', en: 'select' },
  },
  {
    command: Command.pageUp,
    modes: PANELS,
    keys: 'PgUp',
    help: { zh: '上一页', en: 'page up' },
  },
  {
    command: Command.pageDown,
    modes: PANELS,
    keys: 'PgDn',
    help: { zh: '下一页', en: 'page down' },
  },
  {
    command: Command.top,
    modes: PANELS,
    keys: 'Home g',
    help: { zh: '第一行', en: 'first row' },
  },
  {
    command: Command.bottom,
    modes: PANELS,
    keys: 'End G',
    help: { zh: '最后一行', en: 'last row' },
  },
  {
    command: Command.details,
    modes: PANELS,
    keys: 'Enter',
    help: { zh: '详情', en: 'details' },
    footer: { zh: '详情', en: 'details' },
  },
  {
    command: Command.ack,
    modes: PANELS,
    keys: 'a',
    help: { zh: '确认告警（原因 + 复查时间）', en: 'acknowledge (reason + re-check time)' },
    footer: { zh: '确认', en: 'ack' },
  },
  {
    command: Command.escalate,
    modes: PANELS,
    keys: 'e',
    help: { zh: '立即升级到下一级', en: 'escalate to the next rung now' },
    footer: { zh: '升级', en: 'escalate' },
  },
  {
    command: Command.snooze,
    modes: PANELS,
    keys: 's',
    help: { zh: '暂缓（必须设到期时间）', en: 'snooze (expiry required)' },
    footer: { zh: '暂缓', en: 'snooze' },
  },
  {
    command: Command.call,
    modes: ['normal'],
    keys: 'c',
    help: { zh: '记录电话（接通/未接通）', en: 'log a call (reached / no answer)' },
    footer: { zh: '电话', en: 'call' },
  },
  // The chase prompt's (叫应逾期): a call to its first row, which settles that recipient.
  {
    command: Command.chaseReached,
    modes: ['chase'],
    keys: 'c',
    help: { zh: '已接通：记录给第一位的电话', en: 'reached: log the call to the first in the list' },
    footer: { zh: '已接通', en: 'reached' },
  },
  {
    command: Command.chaseMissed,
    modes: ['chase'],
    keys: 'C',
    help: { zh: '未接通：记录给第一位的电话', en: 'no answer: log the call to the first in the list' },
    footer: { zh: '未接通', en: 'no answer' },
  },
  {
    command: Command.report,
    modes: PANELS,
    keys: 'r',
    help: { zh: '登记已报送', en: 'mark a report sent' },
    footer: { zh: '报送', en: 'report' },
  },
  {
    command: Command.note,
    modes: PANELS,
    keys: 'n',
    help: { zh: '写备注', en: 'write a note' },
    footer: { zh: '备注', en: 'note' },
  },
  {
    command: Command.filter,
    modes: PANELS,
    keys: '/',
    help: { zh: '筛选', en: 'filter' },
    footer: { zh: '筛选', en: 'filter' },
  },
  {
    command: Command.handover,
    modes: PANELS,
    keys: 'h',
    help: { zh: '交接班报告与接班', en: 'handover report and accept' },
    footer: { zh: '交接', en: 'handover' },
  },
  {
    command: Command.team,
    modes: PANELS,
    keys: 'd',
    help: { zh: '记录队伍出动/到达/归队（电话报告）', en: 'record a team out, on scene or back (by phone)' },
  },
  {
    command: Command.callout,
    modes: PANELS,
    keys: 'o',
    help: {
      zh: '发起叫应（站点威胁区域或乡镇）',
      en: 'start a call-out (叫应) to a station’s area or a township',
    },
  },
  {
    command: Command.forces,
    modes: PANELS,
    keys: 'f',
    help: { zh: '救援力量（按乡镇）', en: 'rescue forces by township' },
  },
  {
    command: Command.help,
    modes: PANELS,
    keys: '?',
    help: { zh: '帮助', en: 'help' },
    footer: { zh: '帮助', en: 'help' },
  },
  {
    command: Command.prevPrompt,
    modes: PANELS,
    keys: 'P',
    help: { zh: '上一个待处理提示', en: 'previous waiting prompt' },
  },
  {
    command: Command.nextPrompt,
    modes: PANELS,
    keys: 'p',
    help: { zh: '下一个待处理提示（"还有 N 条"）', en: 'next waiting prompt (the "+N more")' },
  },
  {
    command: Command.dismiss,
    modes: PANELS,
    keys: 'Esc',
    help: { zh: '关闭已处理的提示，清除筛选', en: 'close a handled prompt, clear the filter' },
  },
  {
    command: Command.quit,
    modes: PANELS,
    keys: 'q',
    help: {
      zh: '退出（有待处理提示或演示中先询问）',
      en: 'quit (asks first while prompts wait, or in the demo)',
    },
    footer: { zh: '退出', en: 'quit' },
  },
  // Confirm steps: only a lone y sends; Enter does nothing, so a double Enter over a laggy link cannot send.
  {
    command: Command.confirm,
    modes: ['confirm', 'quit'],
    keys: 'y Y',
    help: { zh: '确认并发送 / 确认退出', en: 'confirm and send / confirm quit' },
    footer: { zh: '发送', en: 'send' },
  },
  {
    command: Command.cancel,
    modes: ['confirm', 'quit'],
    keys: 'n N Esc',
    help: { zh: '不发送 / 不退出', en: 'do not send / do not quit' },
    footer: { zh: '取消', en: 'cancel' },
  },
  // Dialog fields.
  {
    command: Command.choicePrev,
    modes: ['choice'],
    keys: '← ↑ k',
    help: { zh: '上一个选项', en: 'previous choice' },
    footer: { zh: '选择', en: 'choose' },
  },
  {
    command: Command.choiceNext,
    modes: ['choice'],
    keys: '→ ↓ j',
    help: { zh: '下一个选项', en: 'next choice' },
    footer: { zh: '选择', en: 'choose' },
  },
  {
    command: Command.choicePick,
    modes: ['choice'],
    keys: '1-9',
    help: { zh: '直接选第 N 项', en: 'pick choice N' },
    footer: { zh: '直接选', en: 'pick' },
  },
  {
    command: Command.submit,
    modes: ['text', 'choice', 'filter'],
    keys: 'Enter Tab',
    help: { zh: '下一项 / 应用', en: 'next field / apply' },
    footer: { zh: '下一项', en: 'next' },
  },
  {
    command: Command.back,
    modes: ['text', 'choice', 'confirm'],
    keys: 'Shift-Tab',
    help: { zh: '回到上一项', en: 'back to the previous field' },
    footer: { zh: '上一项', en: 'back' },
  },
  {
    command: Command.cancel,
    modes: ['text', 'choice', 'filter'],
    keys: 'Esc',
    help: { zh: '取消，不发送', en: 'cancel, send nothing' },
    footer: { zh: '取消', en: 'cancel' },
  },
  {
    command: Command.backspace,
    modes: TEXT_MODES,
    keys: 'Backspace',
    help: { zh: '删除一个字', en: 'delete a character' },
  },
  // Overlays.
  {
    command: Command.accept,
    modes: ['handover'],
    keys: 'a',
    help: { zh: '接班（再确认）', en: 'accept the watch (then confirm)' },
    footer: { zh: '接班', en: 'accept' },
  },
  {
    command: Command.close,
    modes: ['overlay', 'handover'],
    keys: 'Esc q Enter',
    help: { zh: '关闭', en: 'close' },
    footer: { zh: '关闭', en: 'close' },
  },
  {
    command: Command.close,
    modes: ['overlay', 'handover'],
    keys: '? h',
    help: { zh: '也关闭（帮助键、交接键）', en: 'close too (the help and handover keys)' },
  },
  {
    command: Command.scrollUp,
    modes: ['overlay', 'handover'],
    keys: '↑ k',
    help: { zh: '向上滚动', en: 'scroll up' },
    footer: { zh: '滚动', en: 'scroll' },
  },
  {
    command: Command.scrollDown,
    modes: ['overlay', 'handover'],
    keys: '↓ j',
    help: { zh: '向下滚动', en: 'scroll down' },
    footer: { zh: '滚动', en: 'scroll' },
  },
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
