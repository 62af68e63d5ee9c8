export interface TextInputProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  /** nhsuk-frontend width class suffix, e.g. `10` for `nhsuk-input--width-10`. */
  width?: '2' | '3' | '4' | '5' | '10' | '20' | '30';
  inputMode?: 'numeric' | 'text';
  autoComplete?: string;
  onChange(value: string): void;
}

/** nhsuk-frontend's text input with label, hint and error message. */
export function TextInput(props: TextInputProps) {
  const { id, label, hint, error, value, width, inputMode, autoComplete, onChange } = props;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        value={value}
        inputMode={inputMode}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
