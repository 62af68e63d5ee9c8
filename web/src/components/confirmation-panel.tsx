import type { ReactNode } from 'react';

/** nhsuk-frontend's green confirmation panel: what just happened, at the top of a journey's last page. */
export function ConfirmationPanel({ title, children }: { title?: string; children?: ReactNode }) {
  return (
    <div className="nhsuk-panel">
      {title && <h2 className="nhsuk-panel__title">{title}</h2>}
      {children && <div className="nhsuk-panel__body">{children}</div>}
    </div>
  );
}
