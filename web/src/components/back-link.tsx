import { Link } from '../routing/link.js';

/** nhsuk-frontend's back link, to the previous step of a journey. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link className="nhsuk-back-link" to={to}>
      {label}
    </Link>
  );
}
