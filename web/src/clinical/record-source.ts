/**
 * Heartwood names the system each resource came from in `meta.source` with a URL ending in the ODS
 * code of the organisation that runs it (…/source/gp/Y99901, …/source/hospital/R9A). The pages use
 * that code to show the organisation's name.
 */
export function odsCodeOfSource(source: string | undefined): string | undefined {
  if (!source) return undefined;
  let path: string;
  try {
    path = new URL(source).pathname;
  } catch {
    return undefined;
  }
  const last = path.split('/').filter(Boolean).pop();
  return last && /^[A-Z0-9]{3,6}$/i.test(last) ? last.toUpperCase() : undefined;
}
