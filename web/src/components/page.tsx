import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useRouter } from '../routing/router.js';

export interface PageProps {
  /** The page's name: the `<h1>` and the start of the browser tab's title. */
  title: string;
  /** Shown above the heading, e.g. the section a page belongs to. */
  caption?: string;
  /** Content between the header and the heading (a back link). */
  before?: ReactNode;
  children?: ReactNode;
}

/**
 * Every page's frame: one `<h1>`, a `<title>` that names the page, and, after a navigation in the
 * app, focus on the heading, so keyboard and screen reader users start at the new page's top as they
 * would after a full page load.
 */
export function Page({ title, caption, before, children }: PageProps) {
  const { t } = useI18n();
  const { navigations } = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = t('page.title', { page: title });
  }, [t, title]);

  useEffect(() => {
    if (navigations > 0) heading.current?.focus();
  }, [navigations]);

  return (
    <>
      {before}
      <h1 className="app-page-heading" ref={heading} tabIndex={-1}>
        {caption && <span className="nhsuk-caption-l">{caption} </span>}
        {title}
      </h1>
      {children}
    </>
  );
}
