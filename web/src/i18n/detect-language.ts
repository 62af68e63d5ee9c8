/**
 * The language to start in: one asked for in the address (`?lang=cy`, so a link can open the Welsh
 * pages), else the one chosen last time, else the first of the browser's preferred languages that
 * we have, else the first language (English).
 */
export function detectLanguage(
  available: readonly string[],
  sources: { query?: string | null; stored?: string | null; preferred?: readonly string[] },
): string {
  const supported = (code: string | null | undefined) =>
    code ? available.find((a) => a === code.toLowerCase().split('-')[0]) : undefined;
  return (
    supported(sources.query) ??
    supported(sources.stored) ??
    (sources.preferred ?? []).map(supported).find((code) => code !== undefined) ??
    available[0] ??
    'en'
  );
}
