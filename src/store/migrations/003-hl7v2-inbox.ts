/**
 * The HL7 v2 inbox: every message received over MLLP or from a file, whatever became of it, kept for
 * inspection and replay. A row is written as soon as a message arrives (status `received`) and given
 * its outcome before the acknowledgement is sent, so a message is never acknowledged without a row
 * and a crash mid-way leaves it visible as `received`. `raw` holds patient data: never log it.
 */
export const migration003 = {
  version: 3,
  name: 'hl7v2-inbox',
  sql: `
CREATE TABLE hl7v2_message (
  id text PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  control_id text,
  message_type text,
  status text NOT NULL CHECK (status IN ('received', 'accepted', 'error', 'rejected')),
  reason text,
  raw text NOT NULL
);
CREATE INDEX hl7v2_message_received_idx ON hl7v2_message (received_at);
CREATE INDEX hl7v2_message_status_idx ON hl7v2_message (status, received_at);
`,
};
