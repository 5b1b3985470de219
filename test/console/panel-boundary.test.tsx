import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Body } from '../../src/console/components/Body.js';
import { planLayout } from '../../src/console/layout.js';
import { stringsFor } from '../../src/console/strings.js';
import { buildView, type ConsoleView } from '../../src/console/view-model.js';
import { initialUiState } from '../../src/state/ui-state.js';
import { withLook } from '../helpers/with-look.js';
import { LOCAL, liveState } from './console-fixtures.js';

const strings = stringsFor('en');
const plan = planLayout({ columns: 120, rows: 40, focus: 'alerts', hasPrompt: false, isLowBandwidth: false });
if (plan.kind === 'too-small') throw new Error('120x40 is not too small');

const goodView = (): ConsoleView =>
  buildView(liveState(), LOCAL, { lang: 'en', names: 'ascii', isAscii: false, showSeconds: true }, strings);

/** A stock row the panel cannot draw: a bug in the view model or the panel, as it would show at 3 a.m. */
const brokenView = (): ConsoleView => ({ ...goodView(), stock: [null] as unknown as ConsoleView['stock'] });

const body = (view: ConsoleView) => withLook(<Body plan={plan} ui={initialUiState} view={view} />, 'en');

describe('a panel that throws (error boundary per panel)', () => {
  it('shows its error in its own box while the other panels draw, and draws again on new data', () => {
    const good = render(body(goodView())).lastFrame() ?? '';
    const { lastFrame, rerender, unmount } = render(body(brokenView()));
    const frame = lastFrame() ?? '';
    // The stock box says what went wrong, under its own title.
    expect(frame).toContain(strings.panels.stock);
    expect(frame).toContain(strings.panelFailed.slice(0, 30));
    expect(frame).toMatch(/null/);
    // Every other panel is drawn exactly as without the fault: same title lines.
    for (const id of ['alerts', 'incidents', 'water', 'log'] as const) {
      const titleLine = (f: string) => f.split('\n').find((l) => l.includes(strings.panels[id]));
      expect(titleLine(frame)).toBe(titleLine(good));
    }
    // Good data again: the stock panel is back, the error gone.
    rerender(body(goodView()));
    const after = lastFrame() ?? '';
    expect(after).not.toContain(strings.panelFailed.slice(0, 30));
    expect(after).toBe(good);
    unmount();
  });
});
