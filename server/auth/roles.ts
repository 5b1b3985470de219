import type { Role } from '../../src/protocol/index.js';

/** Which roles may open each WebSocket endpoint. */
export const ENDPOINT_ROLES: Readonly<Record<'/ingest' | '/watch', readonly Role[]>> = {
  '/ingest': ['source', 'admin'],
  '/watch': ['officer', 'leader', 'viewer', 'admin'],
};
