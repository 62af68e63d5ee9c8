/**
 * State of the embedded OpenID provider (sessions, interactions, authorization codes, grants, refresh
 * tokens) and the registered backend clients. In the database rather than in memory so sign-ins and
 * refresh tokens survive restarts and any server process can answer any step of a flow.
 */
export const migration011 = {
  version: 11,
  name: 'oauth',
  sql: `
CREATE TABLE oauth_record (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  uid text,
  user_code text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oauth_record_grant_idx ON oauth_record (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_record_uid_idx ON oauth_record (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_record_user_code_idx ON oauth_record (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oauth_record_expires_idx ON oauth_record (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE oauth_client (
  client_id text PRIMARY KEY,
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
};
