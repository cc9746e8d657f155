/**
 * The repository interfaces and table descriptions storage adapters implement.
 *
 * @packageDocumentation
 * @module contactkit/ports
 */
export * from '../ports/index.js';
