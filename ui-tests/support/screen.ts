import type {ReactElement} from 'react';
import {render} from '@stripe/ui-extension-sdk/testing';

/**
 * Reads a rendered view the way a person sees it: every component, including those inside fragment props (Banner
 * actions, ListItem value, ContextView actions), which the SDK's `find` does not enter. Controls are found by their
 * visible label and driven through the same props the Dashboard fires.
 */
export interface Element {
  type: string;
  props: Record<string, unknown>;
  /** The text inside the component, fragments included. */
  text: string;
}

interface RemoteLike {
  kind?: number;
  type?: unknown;
  props?: Record<string, unknown>;
  children?: unknown[];
  text?: unknown;
}

const META_PROPS = new Set(['wrappedComponentName', 'sdkVersion', 'schemaVersion']);

function isRemoteFragment(value: unknown): value is RemoteLike {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as RemoteLike).children) && 'kind' in value
  );
}

export class Screen {
  private readonly rendered: ReturnType<typeof render>;

  constructor(element: ReactElement) {
    this.rendered = render(element);
  }

  /** Every component, depth first, with fragment props walked too. */
  elements(): Element[] {
    const out: Element[] = [];
    const visit = (node: unknown): string => {
      if (typeof node === 'string') return node;
      if (typeof node !== 'object' || node === null) return '';
      const remote = node as RemoteLike;
      if (typeof remote.text === 'string' && remote.type === undefined) return remote.text;
      const props = remote.props ?? {};
      const children = Array.isArray(remote.children) ? remote.children : [];
      const entry: Element | undefined = remote.type ? {type: String(remote.type), props: {}, text: ''} : undefined;
      if (entry) out.push(entry);
      let text = '';
      for (const [key, value] of Object.entries(props)) {
        if (META_PROPS.has(key)) continue;
        if (isRemoteFragment(value)) text += value.children!.map(visit).join('');
        else if (entry) entry.props[key] = value;
      }
      text += children.map(visit).join('');
      if (entry) entry.text = text;
      return text;
    };
    const root = this.rendered.wrapper as unknown as {children: unknown[]};
    root.children.forEach(visit);
    return out;
  }

  /** All the text a person could read: component text and every string prop (titles, labels, errors, values). */
  allText(): string {
    return this.elements()
      .flatMap((e) => [e.text, ...Object.values(e.props).filter((v): v is string => typeof v === 'string')])
      .join('\n');
  }

  buttons(): Element[] {
    return this.elements().filter((e) => e.type === 'Button');
  }

  button(label: string | RegExp): Element {
    const found = this.buttons().find((b) =>
      typeof label === 'string' ? b.text.trim() === label : label.test(b.text),
    );
    if (!found)
      throw new Error(
        `No button "${String(label)}". Buttons: ${this.buttons()
          .map((b) => b.text)
          .join(' | ')}`,
      );
    return found;
  }

  hasButton(label: string | RegExp): boolean {
    return this.buttons().some((b) => (typeof label === 'string' ? b.text.trim() === label : label.test(b.text)));
  }

  field(label: string | RegExp): Element {
    const fields = this.elements().filter((e) => ['TextField', 'DateField', 'TextArea', 'Select'].includes(e.type));
    const found = fields.find((f) =>
      typeof label === 'string' ? f.props.label === label : label.test(String(f.props.label)),
    );
    if (!found)
      throw new Error(`No field "${String(label)}". Fields: ${fields.map((f) => String(f.props.label)).join(' | ')}`);
    return found;
  }

  async press(label: string | RegExp): Promise<void> {
    const button = this.button(label);
    const onPress = button.props.onPress;
    if (typeof onPress !== 'function') throw new Error(`Button "${String(label)}" has no onPress`);
    if (button.props.disabled === true) throw new Error(`Button "${String(label)}" is disabled`);
    await this.rendered.wrapper.act(() => onPress({}));
    await this.rendered.update();
  }

  async type(label: string | RegExp, value: string): Promise<void> {
    const field = this.field(label);
    const onChange = field.props.onChange;
    if (typeof onChange !== 'function') throw new Error(`Field "${String(label)}" has no onChange`);
    await this.rendered.wrapper.act(() => (field.type === 'DateField' ? onChange(value) : onChange({target: {value}})));
    await this.rendered.update();
  }

  /** A key pressed in a field (its `onKeyDown`, as the Dashboard fires it). */
  async key(label: string | RegExp, key: string): Promise<void> {
    const onKeyDown = this.field(label).props.onKeyDown;
    if (typeof onKeyDown !== 'function') throw new Error(`Field "${String(label)}" does not listen to keys`);
    await this.rendered.wrapper.act(() =>
      onKeyDown({key, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false}),
    );
    await this.rendered.update();
  }

  async update(): Promise<void> {
    await this.rendered.update();
  }

  /** Lets async work finish until `check` passes (it throws while not yet true), or fails with its last error. */
  async until(check: () => void, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.rendered.update();
      try {
        check();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  unmount(): void {
    this.rendered.wrapper.unmount();
  }
}
