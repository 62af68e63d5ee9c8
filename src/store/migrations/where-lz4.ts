/**
 * Statements that switch columns to LZ4 compression, run only where the server has LZ4: a server
 * built without it (and the embedded PGlite) refuses them with `feature_not_supported`, and then the
 * columns stay as they were.
 */
export function whereLz4(statements: string[]): string {
  return `
DO $$
BEGIN
${statements.map((s) => `  ${s};`).join('\n')}
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
`;
}
