export { systemPrincipal } from './principal.js';
export type { Principal, Role, Scope } from './principal.js';
