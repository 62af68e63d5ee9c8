import type { ReactNode } from 'react';

export interface ChoiceOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

export interface ChoiceGroupProps {
  /** `radio` for one answer, `checkbox` for any number. */
  kind: 'radio' | 'checkbox';
  /** Used for the inputs' name and ids; the first input's id is `name`, for error links. */
  name: string;
  legend: ReactNode;
  /** The legend is the page's question: it is the heading, not an `<h1>` beside it. */
  legendIsHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  options: ChoiceOption[];
  selected: readonly string[];
  onChange(selected: string[]): void;
}

/** nhsuk-frontend radios or checkboxes in a fieldset with legend, hint and error message. */
export function ChoiceGroup(props: ChoiceGroupProps) {
  const { kind, name, options, selected } = props;
  const hintId = props.hint ? `${name}-hint` : undefined;
  const errorId = props.error ? `${name}-error` : undefined;
  const plural = kind === 'radio' ? 'radios' : 'checkboxes';
  const toggle = (value: string, checked: boolean) => {
    if (kind === 'radio') props.onChange([value]);
    else props.onChange(checked ? [...selected, value] : selected.filter((v) => v !== value));
  };
  return (
    <div className={`nhsuk-form-group${props.error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset
        className="nhsuk-fieldset"
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      >
        <legend
          className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${props.legendIsHeading ? 'l' : 'm'}`}
        >
          {props.legend}
        </legend>
        {props.hint && (
          <div className="nhsuk-hint" id={hintId}>
            {props.hint}
          </div>
        )}
        {props.error && (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {props.error}
          </span>
        )}
        <div className={`nhsuk-${plural}`}>
          {options.map((option, i) => {
            const id = i === 0 ? name : `${name}-${i + 1}`;
            const optionHint = option.hint ? `${id}-hint` : undefined;
            return (
              <div className={`nhsuk-${plural}__item`} key={option.value}>
                <input
                  className={`nhsuk-${plural}__input`}
                  id={id}
                  name={name}
                  type={kind}
                  value={option.value}
                  checked={selected.includes(option.value)}
                  onChange={(event) => toggle(option.value, event.target.checked)}
                  aria-describedby={optionHint}
                />
                <label className={`nhsuk-label nhsuk-${plural}__label`} htmlFor={id}>
                  {option.label}
                </label>
                {option.hint && (
                  <div className={`nhsuk-hint nhsuk-${plural}__hint`} id={optionHint}>
                    {option.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
