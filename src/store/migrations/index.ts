import { migration001 } from './001-resources.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order. A released migration is never edited: add a new one. */
export const migrations: Migration[] = [migration001];
