import type { ReactNode } from 'react';

/**
 * The form's main button. While the request is on its way it stays in place, disabled for clicks
 * (aria-disabled, so it keeps focus) and says so, which stops a double booking by double click.
 */
export function SubmitButton({
  busy,
  busyLabel,
  children,
  variant,
}: {
  busy: boolean;
  busyLabel: string;
  children: ReactNode;
  variant?: 'secondary' | 'warning';
}) {
  return (
    <button
      className={`nhsuk-button${variant ? ` nhsuk-button--${variant}` : ''}`}
      type="submit"
      aria-disabled={busy || undefined}
      data-prevent-double-click="true"
    >
      {busy ? busyLabel : children}
    </button>
  );
}
