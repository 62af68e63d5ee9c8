import { migration001 } from './001-resources.js';
import { migration002 } from './002-search-indexes.js';
import { migration003 } from './003-hl7v2-inbox.js';
import { migration004 } from './004-copy-defaults.js';
import { migration005 } from './005-token-seq.js';
import { migration006 } from './006-bulk-export.js';
import { migration007 } from './007-audit.js';
import { migration008 } from './008-access-policy.js';
import { migration009 } from './009-patient-link.js';
import { migration010 } from './010-analytics.js';
import { migration011 } from './011-oauth.js';
import { migration012 } from './012-audit-chains.js';
import { migration013 } from './013-patient-match-indexes.js';
import { migration014 } from './014-audit-blocks.js';
import { migration015 } from './015-audit-block-lz4.js';
import { migration016 } from './016-inbox-lz4.js';
import { migration017 } from './017-content-lz4.js';
import { migration018 } from './018-subscriptions.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order. A released migration is never edited: add a new one. */
export const migrations: Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
];
