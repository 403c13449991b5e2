import {useEffect, useState} from 'react';
import {release, retain} from '@remote-ui/rpc';
import type {ToastOptions} from '@stripe/ui-extension-sdk/utils/toast';

/** The Dashboard's toasts (from the views' `showToast`) and the page's own notices above a view. */

interface Toast {
  id: number;
  message: string;
  type?: string;
  action?: string;
  onAction?: () => void;
}

type Listener = () => void;
const toasts = {
  items: [] as Toast[],
  listeners: new Set<Listener>(),
  emit() {
    this.listeners.forEach((l) => l());
  },
};
let toastIds = 0;

export function showToast(message: string, options?: ToastOptions) {
  const id = ++toastIds;
  const withAction = options && 'action' in options ? options : undefined;
  // A callback from the view is released after the RPC call returns unless retained: keep it while the toast shows.
  if (withAction?.onAction) retain(withAction.onAction);
  const toast: Toast = {id, message, type: options?.type, action: withAction?.action, onAction: withAction?.onAction};
  toasts.items = [...toasts.items, toast];
  toasts.emit();
  const dismiss = () => {
    if (!toasts.items.some((t) => t.id === id)) return;
    toasts.items = toasts.items.filter((t) => t.id !== id);
    toasts.emit();
    if (withAction?.onAction) release(withAction.onAction);
  };
  setTimeout(dismiss, 4000);
  return {
    update: (updateMessage: string, updateOptions?: ToastOptions) => {
      toasts.items = toasts.items.map((t) =>
        t.id === id ? {...t, message: updateMessage, type: updateOptions?.type ?? t.type} : t,
      );
      toasts.emit();
    },
    dismiss,
  };
}

function useToasts(): Toast[] {
  const [items, setItems] = useState(toasts.items);
  useEffect(() => {
    const listener = () => setItems(toasts.items);
    toasts.listeners.add(listener);
    return () => {
      toasts.listeners.delete(listener);
    };
  }, []);
  return items;
}

export function Toasts() {
  const items = useToasts();
  return (
    <div className="ld-toasts" aria-live="polite">
      {items.map((t) => (
        <div key={t.id} className="ld-toast" role="status" data-type={t.type ?? 'default'}>
          <span>{t.message}</span>
          {t.action ? (
            <button type="button" onClick={() => t.onAction?.()}>
              {t.action}
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}

export interface Notice {
  kind: 'blocked' | 'permission' | 'error' | 'build' | 'truncated';
  message: string;
}

export function Notices({notices}: {notices: Notice[]}) {
  const titles = {
    blocked: 'Request blocked',
    permission: 'Permission missing',
    error: 'The view failed',
    build: 'The views did not build',
    truncated: 'Text shortened',
  };
  return (
    <>
      {notices.map((n, i) => (
        <div key={i} className="ld-notice" role="alert" data-notice={n.kind}>
          <div className="ld-notice-title">{titles[n.kind]}</div>
          {n.message}
        </div>
      ))}
    </>
  );
}
