export type RouteParams = Record<string, string>;

/**
 * Matches a path such as `/test-results/hba1c` against a pattern such as `/test-results/:testId`.
 * Segments are compared after decoding; a trailing slash is ignored. Returns the parameters, or
 * undefined when the path does not match (or is not validly encoded).
 */
export function matchPath(pattern: string, pathname: string): RouteParams | undefined {
  const split = (p: string) => p.split('/').filter((s) => s !== '');
  const want = split(pattern);
  const got = split(pathname);
  if (want.length !== got.length) return undefined;
  const params: RouteParams = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    let g: string;
    try {
      g = decodeURIComponent(got[i]!);
    } catch {
      return undefined;
    }
    if (w.startsWith(':')) params[w.slice(1)] = g;
    else if (w !== g) return undefined;
  }
  return params;
}
