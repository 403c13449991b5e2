import {useRef, type ReactNode} from 'react';
import {useRemoteValue} from './inputs';
import {call, fn, node, str, strip, type Callback, type Props} from './props';

/**
 * Form fields: TextField, TextArea, DateField, Select and its options, Checkbox, Switch, Radio and FormFieldGroup.
 * Each field shows its own value across the worker boundary (see inputs.tsx) and reports changes as plain events.
 */

let fieldIds = 0;
function useFieldId(): string {
  const id = useRef<string>();
  id.current ??= `sx-field-${++fieldIds}`;
  return id.current;
}

function Field(props: {
  id: string;
  label?: ReactNode;
  description?: string;
  error?: string;
  hidden?: unknown;
  children: ReactNode;
}) {
  const hidden = Array.isArray(props.hidden) ? (props.hidden as string[]) : [];
  return (
    <div className="sx-field">
      {props.label !== undefined && props.label !== null && !hidden.includes('label') ? (
        <label className="sx-field-label" htmlFor={props.id}>
          {props.label}
        </label>
      ) : null}
      {props.children}
      {props.description && !hidden.includes('description') ? (
        <div className="sx-field-description" id={`${props.id}-description`}>
          {props.description}
        </div>
      ) : null}
      {props.error && !hidden.includes('error') ? (
        <div className="sx-field-error" role="alert" id={`${props.id}-error`}>
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

function changeEvent(value: string, name?: string) {
  return {type: 'change', target: {value, name}, currentTarget: {value, name}};
}

/**
 * What the value fields share: their id, the value they show (see inputs.tsx), the change they report (`report` turns
 * the new value into what `onChange` gets) and the props of their Field.
 */
function useValueField(raw: Props, report: (value: string, name?: string) => unknown = changeEvent) {
  const p = strip(raw);
  const id = useFieldId();
  const [value, setValue, unechoed] = useRemoteValue<string>(str(p.value), str(p.defaultValue) ?? '');
  const onChange = fn(p.onChange);
  return {
    p,
    id,
    value,
    unechoed,
    invalid: p.invalid === true || !!p.error ? ('true' as const) : undefined,
    field: {id, label: node(p.label), description: str(p.description), error: str(p.error), hidden: p.hiddenElements},
    onChange: (e: {target: {value: string}}) => {
      setValue(e.target.value);
      call(onChange, report(e.target.value, str(p.name)));
    },
  };
}

export function TextField(raw: Props) {
  const {p, id, value, unechoed, invalid, field, onChange} = useValueField(raw);
  const keyHandler = (callback: Callback | undefined) =>
    callback
      ? (e: {key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean}) =>
          call(callback, {key: e.key, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey})
      : undefined;
  return (
    <Field {...field}>
      <input
        id={id}
        className="sx-input"
        type={str(p.type) ?? 'text'}
        name={str(p.name)}
        value={value}
        data-unechoed={unechoed}
        placeholder={str(p.placeholder)}
        autoComplete={str(p.autoComplete)}
        autoFocus={p.autoFocus === true}
        disabled={p.disabled === true}
        readOnly={p.readOnly === true}
        required={p.required === true}
        maxLength={p.maxLength as number | undefined}
        minLength={p.minLength as number | undefined}
        spellCheck={p.spellCheck as boolean | undefined}
        aria-invalid={invalid}
        aria-describedby={p.description ? `${id}-description` : undefined}
        onChange={onChange}
        onKeyDown={keyHandler(fn(p.onKeyDown))}
        onKeyUp={keyHandler(fn(p.onKeyUp))}
      />
    </Field>
  );
}

export function TextArea(raw: Props) {
  const {p, id, value, unechoed, invalid, field, onChange} = useValueField(raw);
  return (
    <Field {...field}>
      <textarea
        id={id}
        className="sx-textarea"
        name={str(p.name)}
        rows={(p.rows as number | undefined) ?? 3}
        value={value}
        data-unechoed={unechoed}
        placeholder={str(p.placeholder)}
        disabled={p.disabled === true}
        readOnly={p.readOnly === true}
        aria-invalid={invalid}
        onChange={onChange}
      />
    </Field>
  );
}

/** DateField's onChange gets the value itself (YYYY-MM-DD), not an event. */
export function DateField(raw: Props) {
  const {p, id, value, invalid, field, onChange} = useValueField(raw, (value) => value);
  return (
    <Field {...field}>
      <input
        id={id}
        className="sx-input"
        type="date"
        value={value}
        disabled={p.disabled === true}
        aria-invalid={invalid}
        onChange={onChange}
      />
    </Field>
  );
}

export function Select(raw: Props) {
  const {p, id, value, field, onChange} = useValueField(raw);
  return (
    <Field {...field}>
      <select
        id={id}
        className="sx-select"
        name={str(p.name)}
        value={value}
        disabled={p.disabled === true}
        onChange={onChange}
      >
        {p.children}
      </select>
    </Field>
  );
}

export function Option(raw: Props) {
  const p = strip(raw);
  return (
    <option value={str(p.value)} disabled={p.disabled === true}>
      {p.children}
    </option>
  );
}

export function makeCheckable(kind: 'checkbox' | 'switch' | 'radio') {
  return function Checkable(raw: Props) {
    const p = strip(raw);
    const id = useFieldId();
    const [checked, setChecked] = useRemoteValue<boolean>(p.checked as boolean | undefined, p.defaultChecked === true);
    const onChange = fn(p.onChange);
    return (
      <div className="sx-field">
        <label className="sx-check" htmlFor={id}>
          <input
            id={id}
            type={kind === 'radio' ? 'radio' : 'checkbox'}
            role={kind === 'switch' ? 'switch' : undefined}
            name={str(p.name)}
            value={str(p.value)}
            checked={checked}
            disabled={p.disabled === true}
            onChange={(e) => {
              setChecked(e.target.checked);
              call(onChange, {
                type: 'change',
                target: {checked: e.target.checked, value: e.target.value, name: str(p.name)},
              });
            }}
          />
          <span>{node(p.label)}</span>
        </label>
        {str(p.description) ? <div className="sx-field-description">{str(p.description)}</div> : null}
        {str(p.error) ? <div className="sx-field-error">{str(p.error)}</div> : null}
      </div>
    );
  };
}

export function FormFieldGroup(raw: Props) {
  const p = strip(raw);
  return (
    <fieldset className="sx-fieldgroup" data-layout={str(p.layout) ?? 'vertical'} disabled={p.disabled === true}>
      {str(p.legend) ? <legend>{str(p.legend)}</legend> : null}
      {str(p.description) ? <div className="sx-field-description">{str(p.description)}</div> : null}
      {p.children}
    </fieldset>
  );
}
