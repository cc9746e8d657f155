import { afterAll, beforeAll, describe, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { runConformanceSuite } from '../../src/testing/index.js';

runConformanceSuite({
  name: 'memory adapter',
  describe,
  it,
  beforeAll,
  afterAll,
  createStore: () => new MemoryStore(),
  dump: (store, workspaceId) => (store as MemoryStore).dump(workspaceId),
});
