import { useEffect, useState } from 'react';
import type { RefObject } from 'react';

/**
 * The rendered width of an element in CSS pixels, following resizes and zoom. Charts are drawn at
 * that width rather than scaled, so their text stays readable at 320 px and at 200 % zoom.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.getBoundingClientRect().width) || fallback);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, fallback]);
  return width;
}
