// The protocol's only barrel: server/, src/client, the UIs and the tests import from here.
export * from './action-messages.js';
export * from './alert-entities.js';
export * from './codec.js';
export * from './config.js';
export * from './config-alerting.js';
export * from './config-channels.js';
export * from './config-notify.js';
export * from './config-people.js';
export * from './config-places.js';
export * from './config-stock.js';
export * from './constants.js';
export * from './errors.js';
export * from './ingest-messages.js';
export * from './primitives.js';
export * from './replies.js';
export * from './watch-messages.js';
