/**
 * Small DOM and formatting helpers shared by the demo modules. Every string from a result is
 * written with `textContent` (through `el`), never as HTML.
 */

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from index.html`);
  return node as T;
}

export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Readonly<Record<string, string>>;
}

/** createElement with class, text and attributes; children are appended in order. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: ReadonlyArray<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A share in [0,1] as a CSS percentage (clamped). */
export function percent(value: number): string {
  return `${(Math.min(1, Math.max(0, value)) * 100).toFixed(2)}%`;
}

/** Milliseconds a "Copied" confirmation stays on a copy button. */
const COPIED_FEEDBACK_MS = 1500;

/** A button that copies `text()` to the clipboard and says whether it worked. */
export function copyButton(label: string, ariaLabel: string, text: () => string, testId?: string): HTMLButtonElement {
  const attrs: Record<string, string> = { type: 'button', 'aria-label': ariaLabel };
  if (testId) attrs['data-testid'] = testId;
  const button = el('button', { className: 'copy', text: label, attrs });
  button.addEventListener('click', () => {
    const done = (message: string) => {
      button.textContent = message;
      window.setTimeout(() => (button.textContent = label), COPIED_FEEDBACK_MS);
    };
    if (!navigator.clipboard) {
      done('Copy unavailable');
      return;
    }
    navigator.clipboard.writeText(text()).then(
      () => done('Copied'),
      () => done('Copy failed'),
    );
  });
  return button;
}
