/** The UpdateConnectors the simulator implements: the one list the engine and metainfo read. */
import type { UpdateConnector } from './connector.js';
import { fiEntriesConnector } from './fi-entries.js';
import { fiEntriesCustomConnector } from './fi-entries-custom.js';
import { knSubjectConnector } from './kn-subject.js';

/** Every implemented UpdateConnector; add a new connector module here. */
export const UPDATE_CONNECTORS: readonly UpdateConnector[] = [
  fiEntriesConnector,
  knSubjectConnector,
  fiEntriesCustomConnector,
];

/** The implementation of UpdateConnector `id`, if the simulator has one. */
export function findUpdateConnector(id: string): UpdateConnector | undefined {
  return UPDATE_CONNECTORS.find((connector) => connector.id === id);
}
