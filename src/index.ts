export * from './contact/index.js';
export * from './errors/index.js';
export * from './identity/index.js';
export * from './merge/index.js';
export * from './model/index.js';
export * from './normalize/index.js';
export * from './ports/index.js';
export * from './service/index.js';
