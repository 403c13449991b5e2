import {useCallback, useEffect, useRef, useState} from 'react';

/**
 * A host input's value across the worker boundary. The view controls the field (`value` + `onChange`), but each
 * keystroke reaches the view and comes back as a prop several message hops later, and the receiver batches updates.
 * Showing `props.value` directly resets the field to a stale value between fast keystrokes ("abcdef" became "af").
 * So the field shows its own value; an incoming prop that merely echoes one of its pending edits is ignored (and drops
 * the edits before it), while any other value — the view clearing or reformatting the field — is adopted.
 * The third element counts the edits still waiting for their echo: 0 once the view has seen every keystroke (browser
 * tests wait on it, as the field's `data-unechoed`, instead of sleeping).
 */
export function useRemoteValue<T>(value: T | undefined, initial: T): [T, (next: T) => void, number] {
  const [local, setLocal] = useState<T>(value ?? initial);
  const localRef = useRef(local);
  const pending = useRef<T[]>([]);
  const [unechoed, setUnechoed] = useState(0);
  const controlled = value !== undefined;

  useEffect(() => {
    if (value === undefined) return;
    const echoed = pending.current.indexOf(value);
    if (echoed >= 0) {
      pending.current = pending.current.slice(echoed + 1);
      setUnechoed(pending.current.length);
      return;
    }
    pending.current = [];
    setUnechoed(0);
    if (!Object.is(value, localRef.current)) {
      localRef.current = value;
      setLocal(value);
    }
  }, [value]);

  const edit = useCallback(
    (next: T) => {
      if (controlled) {
        pending.current.push(next);
        setUnechoed(pending.current.length);
      }
      localRef.current = next;
      setLocal(next);
    },
    [controlled],
  );
  return [local, edit, unechoed];
}
