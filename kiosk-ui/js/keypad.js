import { h, button } from './dom.js';
import { t } from './i18n.js';

/**
 * On-screen keypad. The typed value lives only in this closure; a masked field shows dots (PIN) and the
 * value is never written into the DOM as text for PINs. Physical keys (digits, Backspace, Enter) work too.
 */
export function keypad({ label, masked, max, onSubmit }) {
  let value = '';
  const display = h('output', { class: 'kp-display', 'aria-label': label, id: 'kp-display' });
  const show = () => {
    display.textContent = masked ? '•'.repeat(value.length) : value;
  };
  const add = (d) => {
    if (value.length < max) value += d;
    show();
  };
  const back = () => {
    value = value.slice(0, -1);
    show();
  };
  const clear = () => {
    value = '';
    show();
  };
  const submit = () => {
    if (!value) return;
    const v = value;
    value = '';
    show();
    onSubmit(v);
  };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => button(d, () => add(d), 'btn key'));
  const grid = h(
    'div',
    { class: 'keypad', role: 'group', 'aria-label': label },
    ...keys,
    button(t('keypad.back'), back, 'btn key'),
    button('0', () => add('0'), 'btn key'),
    button(t('keypad.ok'), submit, 'btn key primary'),
  );
  const onKey = (e) => {
    if (/^[0-9]$/.test(e.key)) add(e.key);
    else if (e.key === 'Backspace') back();
    else if (e.key === 'Escape') clear();
    else if (e.key === 'Enter' && e.target === document.body) submit();
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  const root = h('div', { class: 'kp' }, h('p', { class: 'kp-label' }, label), display, grid);
  root.dispose = () => {
    value = '';
    document.removeEventListener('keydown', onKey);
  };
  show();
  return root;
}
