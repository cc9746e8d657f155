/**
 * Every service with its input schemas and option types, for hosts that compose their own kit.
 *
 * @packageDocumentation
 * @module contactkit/service
 */
export * from '../service/index.js';
