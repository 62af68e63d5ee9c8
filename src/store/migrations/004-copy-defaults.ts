/** Lets new versions arrive by COPY: the sequence number comes from the column default. */
export const migration004 = {
  version: 4,
  name: 'copy-defaults',
  sql: `
ALTER TABLE resource ALTER COLUMN seq SET DEFAULT nextval('resource_seq');
`,
};
