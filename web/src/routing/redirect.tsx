import { useEffect } from 'react';
import { useRouter } from './router.js';

/** Replaces the current address with another one (no history entry), as a server redirect would. */
export function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}
