/** Said politely by screen readers, shown as text: loading is never only a spinner. */
export function LoadingStatus({ label }: { label: string }) {
  return (
    <p className="nhsuk-body app-loading" role="status">
      {label}
    </p>
  );
}
