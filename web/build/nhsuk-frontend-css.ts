import type { Plugin } from 'vite';

const NHSUK_CSS = /[\\/]nhsuk-frontend[\\/]dist[\\/]nhsuk[\\/][^\\/]+\.css$/;
const FONT_FACE = /@font-face\s*\{[^}]*\}/g;

/**
 * Adapts nhsuk-frontend's compiled CSS to pages served under a self-only Content-Security-Policy.
 *
 * - Its `@font-face` rules load Frutiger from assets.nhs.uk. A third-party font request would tell
 *   that host who is reading their health record, and the CSP forbids it anyway, so the rules go and
 *   the design system's own fallback stack (Arial) is used.
 * - Its few `url(/assets/images/…)` icons assume the package's assets are published at /assets; they
 *   are rewritten to the package's own files, so Vite bundles and hashes them like any other asset.
 * - Its `@media screen\0` blocks are hacks for Internet Explorer 8 to 10, which every current browser
 *   ignores and Vite's CSS minifier cannot parse; they are dropped.
 */
export function nhsukFrontendCss(): Plugin {
  return {
    name: 'heartwood:nhsuk-frontend-css',
    enforce: 'pre',
    transform(code, id) {
      if (!NHSUK_CSS.test(id.split('?')[0] ?? '')) return null;
      const css = withoutIeMediaHacks(code)
        .replace(FONT_FACE, (rule) => (/url\(\s*['"]?https?:/i.test(rule) ? '' : rule))
        .replace(/url\(\s*(['"]?)\/assets\/images\//g, 'url($1./assets/images/');
      return { code: css, map: null };
    },
  };
}

/** Removes every `@media …\0… { … }` block, matching its braces. */
function withoutIeMediaHacks(css: string): string {
  let out = '';
  let from = 0;
  for (const match of css.matchAll(/@media[^{]*\\0[^{]*\{/g)) {
    if (match.index < from) continue;
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < css.length && depth > 0; i++) {
      if (css[i] === '{') depth++;
      else if (css[i] === '}') depth--;
    }
    out += css.slice(from, match.index);
    from = i;
  }
  return out + css.slice(from);
}
