import { h, button } from './dom.js';
import { t, msg, fmtDate, fmtMoney } from './i18n.js';
import { keypad } from './keypad.js';

const ICON = { ok: '✔', refused: '✖', staff: '⚠', error: '✖', pending: '…', reading: '…' };

function message(v, send) {
  if (!v.message) return null;
  return h(
    'div',
    { class: 'msg', role: 'alert' },
    h('p', {}, msg(v.message)),
    button(t('common.ok'), () => send({ type: 'dismiss' })),
  );
}

export function itemRow(row) {
  const text = row.message ? msg(row.message) : row.title ? '' : t(`state.${row.state}`);
  const due = row.dueDate
    ? t('items.due', { date: fmtDate(row.dueDate) })
    : row.dueDateText
      ? t('items.due', { date: row.dueDateText })
      : '';
  return h(
    'li',
    { class: `item st-${row.state}` },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[row.state] ?? ''),
    h('span', { class: 'state' }, t(`state.${row.state}`)),
    h('span', { class: 'title' }, row.title ?? ''),
    h(
      'span',
      { class: 'detail' },
      [
        text,
        !row.message || row.message.key.startsWith('item.checkedOut') || row.message.key === 'item.renewed' ? '' : due,
      ]
        .filter(Boolean)
        .join(' '),
    ),
    // Most messages already end with the advice; the generic line is for those that do not.
    row.seeStaff && !text.includes(t('staff.see')) ? h('span', { class: 'detail' }, t('staff.see')) : null,
  );
}

const screens = {
  attract: (v, send) => [
    h('h1', {}, t('attract.title')),
    button(t('attract.touch'), () => send({ type: 'start' }), 'btn primary big'),
    v.returnsButton ? button(t('attract.returns'), () => send({ type: 'startReturns' })) : null,
  ],
  language: (v, send) => [
    h('h1', {}, t('language.title')),
    h(
      'div',
      { class: 'row' },
      ...v.languages.map((l) =>
        h(
          'button',
          { type: 'button', class: 'btn big', lang: l, onclick: () => send({ type: 'language', language: l }) },
          l === 'es' ? 'Español' : 'English',
        ),
      ),
    ),
    button(t('common.cancel'), () => send({ type: 'cancel' })),
  ],
  identify: (v, send, keep) => [
    h('h1', {}, t('identify.title')),
    v.offlineAvailable ? h('p', { class: 'notice', role: 'status' }, t('offline.identify')) : null,
    message(v, send),
    keep(
      keypad({
        label: t('identify.label'),
        masked: false,
        max: 32,
        onSubmit: (value) => send({ type: 'card', value }),
      }),
    ),
    button(t('common.cancel'), () => send({ type: 'cancel' })),
  ],
  pin: (v, send, keep) => [
    h('h1', {}, t('pin.title')),
    message(v, send),
    keep(keypad({ label: t('pin.label'), masked: true, max: 16, onSubmit: (value) => send({ type: 'pin', value }) })),
    button(t('common.cancel'), () => send({ type: 'cancel' })),
  ],
  checking: () => [h('h1', {}, t('checking.title'))],
  items: (v, send) => [
    v.offline
      ? h('h1', {}, t('offline.title'))
      : v.patron
        ? h('h1', {}, t('items.greeting', { name: v.patron.firstName }))
        : h('h1', {}, t('attract.title')),
    v.offline
      ? h(
          'p',
          { class: 'notice', role: 'status' },
          t('offline.notice', { max: v.offline.maxItems, date: fmtDate(v.offline.dueDate) }),
        )
      : null,
    v.patron ? h('p', {}, t('items.holds', { n: v.patron.holdsReady })) : null,
    v.patron?.fines ? h('p', {}, t('items.fines', { amount: fmtMoney(v.patron.fines) })) : null,
    message(v, send),
    h('p', {}, t('items.place')),
    itemList(v),
    h(
      'div',
      { class: 'row' },
      v.patron?.accountAvailable ? button(t('items.account'), () => send({ type: 'openAccount' })) : null,
      h(
        'button',
        { type: 'button', class: 'btn primary', disabled: v.finishing, onclick: () => send({ type: 'done' }) },
        t('items.done'),
      ),
    ),
  ],
  returns: (v, send) => [
    h('h1', {}, t('returns.title')),
    message(v, send),
    itemList(v),
    button(t('items.done'), () => send({ type: 'done' }), 'btn primary'),
  ],
  account: (v, send) => [
    h('h1', {}, t('account.title')),
    v.account?.loading ? h('p', {}, t('account.loading')) : null,
    h('h2', {}, t('account.loans')),
    h(
      'ul',
      { class: 'list' },
      ...(v.account?.loans ?? []).map((l) =>
        h('li', {}, `${l.title} — ${t('items.due', { date: l.dueDate ? fmtDate(l.dueDate) : (l.dueDateText ?? '') })}`),
      ),
    ),
    h('h2', {}, t('account.holds')),
    h(
      'ul',
      { class: 'list' },
      ...(v.account?.holds ?? []).map((x) => h('li', {}, x.ready ? `${x.title} — ${t('account.ready')}` : x.title)),
    ),
    button(t('account.close'), () => send({ type: 'closeAccount' })),
  ],
  receipt: (v, send) => [
    h('h1', {}, t('receipt.title')),
    h(
      'div',
      { class: 'row' },
      button(t('receipt.none'), () => send({ type: 'receipt', choice: 'none' }), 'btn primary'),
      v.receipt?.print ? button(t('receipt.print'), () => send({ type: 'receipt', choice: 'print' })) : null,
      v.receipt?.email ? button(t('receipt.email'), () => send({ type: 'receipt', choice: 'email' })) : null,
    ),
  ],
  goodbye: (v) => [
    h('h1', {}, t('goodbye.title')),
    h('p', {}, t('session.goodbye')),
    v.receiptResult ? h('p', {}, msg(v.receiptResult)) : null,
  ],
  diagnostics: (v, send) => {
    const d = v.diagnostics;
    return [
      h('h1', {}, t('diag.title')),
      d ? h('p', {}, t('diag.reader', { state: d.reader.state })) : null,
      d ? h('p', {}, t('diag.ils', { state: t(d.ils.online ? 'diag.online' : 'diag.offline') })) : null,
      d ? h('p', {}, t('diag.items', { n: d.itemsProcessed })) : null,
      h('h2', {}, t('diag.errors')),
      h('ul', { class: 'list' }, ...(d?.lastErrors ?? []).map((e) => h('li', {}, `${e.at} ${e.layer} ${e.code}`))),
      button(t('common.cancel'), () => send({ type: 'cancel' })),
    ];
  },
};

function itemList(v) {
  return h(
    'div',
    {},
    v.itemsPending ? h('p', {}, t('items.pending', { n: v.itemsPending })) : null,
    v.items.length ? h('ul', { class: 'items', id: 'items' }, ...v.items.map(itemRow)) : h('p', {}, t('items.empty')),
  );
}

export function renderScreen(v, send, keep) {
  const fn = screens[v.screen] ?? screens.attract;
  return fn(v, send, keep);
}
