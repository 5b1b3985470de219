import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { IncidentsPanel } from '../../src/console/components/IncidentsPanel.js';
import { stringsFor } from '../../src/console/strings.js';
import { createTheme, type Theme, type Tone } from '../../src/console/theme.js';
import { buildView, type IncidentLine } from '../../src/console/view-model.js';
import type { IncidentLevel } from '../../src/domain/incident-level.js';
import type { IncidentRow } from '../../src/state/selectors/incidents.js';
import { incidentsPage } from '../../src/state/selectors/wall-incidents.js';
import type { WallSummary } from '../../src/state/selectors/wall-summary.js';
import type { WallTone } from '../../src/state/selectors/wall-tone.js';
import { WALL_WORDS } from '../../src/state/selectors/wall-words.js';
import { LOCAL, liveState } from '../console/console-fixtures.js';
import { panelProps } from '../helpers/panel-props.js';
import { withLook } from '../helpers/with-look.js';

// The one incident of the console fixtures, at each level, with and without 较大涉险, and nobody dead (so the only
// loud tone left on the console's row is the level's).
function incidentAt(level: IncidentLevel, isMajorRisk: boolean): IncidentLine {
  const [row] = buildView(
    liveState(),
    LOCAL,
    { lang: 'en', names: 'ascii', isAscii: false, showSeconds: true },
    stringsFor('en'),
  ).incidents;
  if (!row) throw new Error('the console fixtures have no incident');
  return {
    ...row,
    level,
    majorRisk: isMajorRisk ? ['atRisk'] : [],
    casualties: { ...row.casualties, deaths: 0 },
    next: undefined,
  };
}

/** The tones the console's incidents panel asks its theme for, other than the muted ones of headers and ages. */
function consoleTones(row: IncidentLine): Tone[] {
  const theme = createTheme({ color: true, ascii: false });
  const asked: Tone[] = [];
  const recording: Theme = {
    ...theme,
    color(tone) {
      asked.push(tone);
      return theme.color(tone);
    },
  };
  const props = panelProps([row], { isFocused: false, height: 4, showSparklines: false });
  renderToString(withLook(<IncidentsPanel {...props} />, 'en', { theme: recording }), { columns: 100 });
  return [...new Set(asked.filter((tone) => tone !== 'muted'))];
}

function wallTone(row: IncidentRow): WallTone | undefined {
  const summary = { openIncidents: 1, seriousIncidents: 0 } as WallSummary;
  return incidentsPage([row], new Map(), summary, LOCAL, WALL_WORDS.en, 5).rows[0]?.tone;
}

describe('the tone of an incident (issue 18)', () => {
  it.each([
    [1, false, ['critical'], 'danger'],
    [2, false, ['critical'], 'danger'],
    [3, false, ['critical'], 'danger'],
    [3, true, ['critical'], 'danger'],
    [4, true, ['critical'], 'danger'],
    [4, false, [], 'watch'],
  ] as const)(
    'level %s (较大涉险 %s) is as loud on the console (%j) as on the wall (%s)',
    (level, isMajorRisk, onConsole, onWall) => {
      const row = incidentAt(level, isMajorRisk);
      expect(consoleTones(row)).toEqual(onConsole);
      expect(wallTone(row)).toBe(onWall);
    },
  );
});
