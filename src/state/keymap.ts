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
} as const;
/** One command name, e.g. `alert.ack`. */
export type Command = (typeof Command)[keyof typeof Command];

/**
 * What the keyboard is driving: the panels, a text or choice field of a dialog, a dialog's confirm step, a
 * read-only overlay (help, details), the handover report, the quit question, or the filter line.
 */
export type InputMode = 'normal' | 'text' | 'choice' | 'confirm' | 'overlay' | 'handover' | 'quit' | 'filter';

/** The parts of Ink's `Key` the keymap reads (a structural subset, so the state layer needs no Ink import). */
export type KeyInfo = {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  shift: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
};

type KeyTest = (input: string, key: KeyInfo) => boolean;

/** One line of the key map: the keys as the help shows them, what they match, in which modes, and what they do. */
export type KeyBinding = {
  command: Command;
  modes: readonly InputMode[];
  keys: string;
  matches: KeyTest;
  help: { zh: string; en: string };
};

const char =
  (...chars: string[]): KeyTest =>
  (input, key) =>
    !key.ctrl && chars.includes(input);
const TEXT_MODES = ['text', 'filter'] as const;
const ALL_MODES: readonly InputMode[] = [
  'normal',
  'text',
  'choice',
  'confirm',
  'overlay',
  'handover',
  'quit',
  'filter',
];

/**
 * The whole key map, first match wins; the help page is generated from it. One-key commands never act on the
 * collector: every action opens a dialog that ends in a confirm step (terminal-ui.md, "Input").
 */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    command: Command.interrupt,
    modes: ALL_MODES,
    keys: 'Ctrl-C',
    matches: (input, key) => key.ctrl && input === 'c',
    help: { zh: '退出（先询问）', en: 'quit (asks first)' },
  },
  // Panels.
  {
    command: Command.focusPrev,
    modes: ['normal'],
    keys: 'Shift-Tab',
    matches: (_i, key) => key.tab && key.shift,
    help: { zh: '上一个面板', en: 'previous panel' },
  },
  {
    command: Command.focusNext,
    modes: ['normal'],
    keys: 'Tab',
    matches: (_i, key) => key.tab,
    help: { zh: '下一个面板', en: 'next panel' },
  },
  {
    command: Command.up,
    modes: ['normal'],
    keys: '↑ k',
    matches: (input, key) => key.upArrow || char('k')(input, key),
    help: { zh: '上一行', en: 'previous row' },
  },
  {
    command: Command.down,
    modes: ['normal'],
    keys: '↓ j',
    matches: (input, key) => key.downArrow || char('j')(input, key),
    help: { zh: '下一行', en: 'next row' },
  },
  {
    command: Command.pageUp,
    modes: ['normal'],
    keys: 'PgUp',
    matches: (_i, key) => key.pageUp,
    help: { zh: '上一页', en: 'page up' },
  },
  {
    command: Command.pageDown,
    modes: ['normal'],
    keys: 'PgDn',
    matches: (_i, key) => key.pageDown,
    help: { zh: '下一页', en: 'page down' },
  },
  {
    command: Command.top,
    modes: ['normal'],
    keys: 'Home g',
    matches: (input, key) => key.home || char('g')(input, key),
    help: { zh: '第一行', en: 'first row' },
  },
  {
    command: Command.bottom,
    modes: ['normal'],
    keys: 'End G',
    matches: (input, key) => key.end || char('G')(input, key),
    help: { zh: '最后一行', en: 'last row' },
  },
  {
    command: Command.details,
    modes: ['normal'],
    keys: 'Enter',
    matches: (_i, key) => key.return,
    help: { zh: '详情', en: 'details' },
  },
  {
    command: Command.ack,
    modes: ['normal'],
    keys: 'a',
    matches: char('a'),
    help: { zh: '确认告警（原因 + 复查时间）', en: 'acknowledge (reason + re-check time)' },
  },
  {
    command: Command.escalate,
    modes: ['normal'],
    keys: 'e',
    matches: char('e'),
    help: { zh: '立即升级到下一级', en: 'escalate to the next rung now' },
  },
  {
    command: Command.snooze,
    modes: ['normal'],
    keys: 's',
    matches: char('s'),
    help: { zh: '暂缓（必须设到期时间）', en: 'snooze (expiry required)' },
  },
  {
    command: Command.call,
    modes: ['normal'],
    keys: 'c',
    matches: char('c'),
    help: { zh: '记录电话（接通/未接通）', en: 'log a call (reached / no answer)' },
  },
  {
    command: Command.report,
    modes: ['normal'],
    keys: 'r',
    matches: char('r'),
    help: { zh: '登记已报送', en: 'mark a report sent' },
  },
  {
    command: Command.note,
    modes: ['normal'],
    keys: 'n',
    matches: char('n'),
    help: { zh: '写备注', en: 'write a note' },
  },
  {
    command: Command.filter,
    modes: ['normal'],
    keys: '/',
    matches: char('/'),
    help: { zh: '筛选', en: 'filter' },
  },
  {
    command: Command.handover,
    modes: ['normal'],
    keys: 'h',
    matches: char('h'),
    help: { zh: '交接班报告与接班', en: 'handover report and accept' },
  },
  {
    command: Command.team,
    modes: ['normal'],
    keys: 'd',
    matches: char('d'),
    help: { zh: '记录队伍出动/到达/归队（电话报告）', en: 'record a team out, on scene or back (by phone)' },
  },
  {
    command: Command.callout,
    modes: ['normal'],
    keys: 'o',
    matches: char('o'),
    help: {
      zh: '发起叫应（站点威胁区域或乡镇）',
      en: 'start a call-out (叫应) to a station’s area or a township',
    },
  },
  {
    command: Command.forces,
    modes: ['normal'],
    keys: 'f',
    matches: char('f'),
    help: { zh: '救援力量（按乡镇）', en: 'rescue forces by township' },
  },
  {
    command: Command.help,
    modes: ['normal'],
    keys: '?',
    matches: char('?'),
    help: { zh: '帮助', en: 'help' },
  },
  {
    command: Command.prevPrompt,
    modes: ['normal'],
    keys: 'P',
    matches: char('P'),
    help: { zh: '上一个待处理提示', en: 'previous waiting prompt' },
  },
  {
    command: Command.nextPrompt,
    modes: ['normal'],
    keys: 'p',
    matches: char('p'),
    help: { zh: '下一个待处理提示（"还有 N 条"）', en: 'next waiting prompt (the "+N more")' },
  },
  {
    command: Command.dismiss,
    modes: ['normal'],
    keys: 'Esc',
    matches: (_i, key) => key.escape,
    help: { zh: '关闭已处理的提示，清除筛选', en: 'close a handled prompt, clear the filter' },
  },
  {
    command: Command.quit,
    modes: ['normal'],
    keys: 'q',
    matches: char('q'),
    help: {
      zh: '退出（有待处理提示或演示中先询问）',
      en: 'quit (asks first while prompts wait, or in the demo)',
    },
  },
  // Dialog fields.
  {
    command: Command.back,
    modes: ['text', 'choice', 'confirm'],
    keys: 'Shift-Tab',
    matches: (_i, key) => key.tab && key.shift,
    help: { zh: '回到上一项', en: 'back to the previous field' },
  },
  {
    command: Command.submit,
    modes: ['text', 'choice', 'filter'],
    keys: 'Enter Tab',
    matches: (_i, key) => key.return || key.tab,
    help: { zh: '下一项 / 应用', en: 'next field / apply' },
  },
  {
    command: Command.cancel,
    modes: ['text', 'choice', 'filter'],
    keys: 'Esc',
    matches: (_i, key) => key.escape,
    help: { zh: '取消，不发送', en: 'cancel, send nothing' },
  },
  {
    command: Command.backspace,
    modes: TEXT_MODES,
    keys: 'Backspace',
    matches: (_i, key) => key.backspace || key.delete,
    help: { zh: '删除一个字', en: 'delete a character' },
  },
  {
    command: Command.choicePrev,
    modes: ['choice'],
    keys: '← ↑ k',
    matches: (input, key) => key.leftArrow || key.upArrow || char('k')(input, key),
    help: { zh: '上一个选项', en: 'previous choice' },
  },
  {
    command: Command.choiceNext,
    modes: ['choice'],
    keys: '→ ↓ j',
    matches: (input, key) => key.rightArrow || key.downArrow || char('j')(input, key),
    help: { zh: '下一个选项', en: 'next choice' },
  },
  {
    command: Command.choicePick,
    modes: ['choice'],
    keys: '1-9',
    matches: (input, key) => !key.ctrl && /^[1-9]$/.test(input),
    help: { zh: '直接选第 N 项', en: 'pick choice N' },
  },
  // Confirm steps: only a lone y sends; Enter does nothing, so a double Enter over a laggy link cannot send.
  {
    command: Command.confirm,
    modes: ['confirm', 'quit'],
    keys: 'y',
    matches: char('y', 'Y'),
    help: { zh: '确认并发送 / 确认退出', en: 'confirm and send / confirm quit' },
  },
  {
    command: Command.cancel,
    modes: ['confirm', 'quit'],
    keys: 'n Esc',
    matches: (input, key) => key.escape || char('n', 'N')(input, key),
    help: { zh: '不发送 / 不退出', en: 'do not send / do not quit' },
  },
  // Overlays.
  {
    command: Command.accept,
    modes: ['handover'],
    keys: 'a',
    matches: char('a'),
    help: { zh: '接班（再确认）', en: 'accept the watch (then confirm)' },
  },
  {
    command: Command.scrollUp,
    modes: ['overlay', 'handover'],
    keys: '↑ k',
    matches: (input, key) => key.upArrow || char('k')(input, key),
    help: { zh: '向上滚动', en: 'scroll up' },
  },
  {
    command: Command.scrollDown,
    modes: ['overlay', 'handover'],
    keys: '↓ j',
    matches: (input, key) => key.downArrow || char('j')(input, key),
    help: { zh: '向下滚动', en: 'scroll down' },
  },
  {
    command: Command.close,
    modes: ['overlay', 'handover'],
    keys: 'Esc q Enter',
    matches: (input, key) => key.escape || key.return || char('q', '?', 'h')(input, key),
    help: { zh: '关闭', en: 'close' },
  },
];

/** The command `input`/`key` means in `mode`, or undefined (in a text field: a character to insert). */
export function keyToCommand(input: string, key: KeyInfo, mode: InputMode): Command | undefined {
  for (const binding of KEY_BINDINGS) {
    if (binding.modes.includes(mode) && binding.matches(input, key)) return binding.command;
  }
  return undefined;
}

/** The bindings of one mode, in table order: the help page's sections. */
export function bindingsFor(mode: InputMode): KeyBinding[] {
  return KEY_BINDINGS.filter((b) => b.modes.includes(mode));
}
