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
  inspect: async (store, workspaceId) => (store as MemoryStore).inspect(workspaceId),
});
