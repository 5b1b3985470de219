import type { Action } from '../protocol/index.js';
import { nameOf } from '../state/selectors/context.js';
import { type Dialog, fieldValue } from '../state/ui-state.js';
import type { DialogContext } from './dialogs.js';
import type { Strings } from './strings.js';
import { truncate } from './text-width.js';

type CalloutStart = Extract<Action, { type: 'callout.start' }>;

/**
 * The officer's own call-out (叫应, issue 16.3): to a station's threatened area (the collector knows whom it
 * threatens) or to a township's responsible persons, with a message the officer may edit, for real or as a drill.
 * The collector adds each person's answer link; the confirm line names where it goes and whether it is a drill.
 * The station the officer has selected in the water panel comes first, then the others, then the townships.
 */
export function calloutDialog(selectedStation: string | undefined, ctx: DialogContext): Dialog | string {
  const s = ctx.strings;
  const c = s.dialog.callout;
  const stations = [...ctx.state.stations.values()].sort(
    (a, b) => Number(b.code === selectedStation) - Number(a.code === selectedStation),
  );
  const townships = ctx.state.county?.townships ?? [];
  const targets = [
    ...stations.map((st) => ({ value: `station:${st.code}`, label: c.station(nameOf(st, ctx.names)) })),
    ...townships.map((t) => ({ value: `township:${t.code}`, label: c.township(nameOf(t, ctx.names)) })),
  ];
  if (targets.length === 0) return c.nowhere;
  return {
    kind: 'callout',
    step: 0,
    armedAt: 0,
    error: undefined,
    target: { label: c.label },
    fields: [
      { kind: 'choice', name: 'target', label: c.target, options: targets, index: 0 },
      // Chinese whatever the console's language: it goes to the township and village heads' phones.
      {
        kind: 'text',
        name: 'message',
        label: c.message,
        value: c.template,
        isRequired: true,
        maxLength: 1000,
      },
      {
        kind: 'choice',
        name: 'drill',
        label: c.drill,
        options: [
          { value: 'no', label: c.real },
          { value: 'yes', label: c.drillYes },
        ],
        index: 0,
      },
    ],
  };
}

const chosen = (dialog: Dialog, name: string) => {
  const field = dialog.fields.find((f) => f.name === name);
  return field?.kind === 'choice' ? field.options[field.index] : undefined;
};

/** The confirm step: where it goes, real or drill, and the start of the message as it will be sent. */
export function calloutConfirmText(dialog: Dialog, s: Strings): string {
  return s.dialog.confirm.callout(
    chosen(dialog, 'target')?.label ?? '',
    chosen(dialog, 'drill')?.value === 'yes',
    truncate(fieldValue(dialog, 'message') ?? '', 40),
  );
}

/** The `/watch` action a confirmed call-out dialog sends. */
export function calloutRequest(dialog: Dialog, id: string): CalloutStart {
  const [kind, code = ''] = (chosen(dialog, 'target')?.value ?? '').split(':');
  return {
    type: 'callout.start',
    id,
    ...(kind === 'station' ? { station: code } : { townships: [code] }),
    message: fieldValue(dialog, 'message') ?? '',
    drill: chosen(dialog, 'drill')?.value === 'yes',
    includeCounty: true,
  };
}
