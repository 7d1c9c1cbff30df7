import { useId } from 'react';

/** A length-limited text box with its "X / N characters" counter (20-dashboard.md §3.4). */
export function CountedTextArea({
  label,
  value,
  onChange,
  max,
  required,
  error,
  rows = 4,
  disabled,
  placeholder,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  max: number;
  required?: boolean;
  error?: string | null;
  rows?: number;
  disabled?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        maxLength={max}
        rows={rows}
        disabled={disabled}
        placeholder={placeholder}
        required={required}
        aria-invalid={!!error}
        aria-describedby={`${id}-count ${id}-error`}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="field-foot">
        <span id={`${id}-error`} className="field-error" role={error ? 'alert' : undefined}>
          {error ?? ''}
        </span>
        <span id={`${id}-count`} className="counter">
          {value.length} / {max} characters
        </span>
      </div>
    </div>
  );
}
