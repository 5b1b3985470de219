import { createContext, type ReactNode, useContext } from 'react';
import type { ConsoleSettings } from './settings.js';
import type { Strings } from './strings.js';
import type { Theme } from './theme.js';

/** What every part of the console draws with: its texts, its theme and its settings. */
export type ConsoleLook = { strings: Strings; theme: Theme; settings: ConsoleSettings };

const ConsoleLookContext = createContext<ConsoleLook | undefined>(undefined);

/**
 * Provides the strings, theme and settings to every component under it, instead of passing them as props through
 * each layer (issue 18 item 8). The value must keep its identity between renders (memoise it) or everything
 * under it re-renders.
 */
export function ConsoleLookProvider({ value, children }: { value: ConsoleLook; children: ReactNode }) {
  return <ConsoleLookContext.Provider value={value}>{children}</ConsoleLookContext.Provider>;
}

/** The console's strings, theme and settings; throws outside a {@link ConsoleLookProvider}, which is a bug. */
export function useConsoleLook(): ConsoleLook {
  const look = useContext(ConsoleLookContext);
  if (!look) throw new Error('useConsoleLook outside ConsoleLookProvider');
  return look;
}
