export * from './server.js';
export * from './sign.js';
export * from './requests.js';
export * from './escape.js';
