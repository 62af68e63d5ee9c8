import type { Migration } from './index.js';

/**
 * What the Subscription dispatcher keeps beside the Subscription resources themselves.
 *
 * - `subscription_owner`: who last wrote each Subscription, as the access guard saw them, written in
 *   the same transaction as the resource. Notifications are searched as this person, so the policy
 *   decides at the moment of sending what they may still be told, and the audit trail names them. It
 *   is not in the resource: anyone who may write a Subscription could otherwise name someone else.
 * - `subscription_state`: how far each Subscription has been delivered (`delivered_seq`, a place in
 *   the resource version sequence) and its run of failures. A notification that could not be
 *   delivered leaves `delivered_seq` where it was, so nothing is skipped: it is sent again later.
 */
export const migration018: Migration = {
  version: 18,
  name: 'subscriptions',
  sql: `
CREATE TABLE subscription_owner (
  id text PRIMARY KEY,
  principal text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE subscription_state (
  id text PRIMARY KEY,
  delivered_seq bigint NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  retry_at timestamptz,
  last_error text
);
`,
};
