import type { CsvPreset } from './preset.js';

/**
 * Files written by contactkit's own export (headers such as `identity.email`, `custom.plan`). Columns
 * named like targets map onto themselves; these are the ones that describe the old record and are not
 * imported: another workspace's ids, derived stats and timestamps.
 */
export const CONTACTKIT: CsvPreset = {
  name: 'contactkit',
  columns: {
    id: 'ignore',
    kind: 'ignore',
    source: 'ignore',
    createdAt: 'ignore',
    updatedAt: 'ignore',
    'stats.conversations': 'ignore',
    'stats.messages': 'ignore',
    'stats.firstSeenAt': 'ignore',
    'stats.lastSeenAt': 'ignore',
    'stats.lastOrderAt': 'ignore',
  },
  requires: [],
  signature: ['identity.email', 'identity.phone', 'identity.userId', 'tags', 'profile.name'],
};
