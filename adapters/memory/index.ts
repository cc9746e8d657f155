/**
 * The in-memory storage adapter, the reference every other adapter must match.
 *
 * @packageDocumentation
 * @module contactkit/memory
 */
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
