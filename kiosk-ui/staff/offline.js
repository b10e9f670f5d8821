// Staff page section "Offline queue": the offline checkouts staff must handle (refused by the ILS when forwarded, or
// sealed before a restart). Shows transaction ID, item ID, reason and times only: the patron stays sealed on disk and
// never reaches this page. Actions: retry (this run's refused entries), export for `selfcheck offline recover` on the
// staff machine, then delete (the server refuses a delete before an export).
const $ = (id) => document.getElementById(id);
let csrf = '';

const REASONS = {
  patron_unknown: 'Patron not known to the ILS',
  patron_blocked: 'Patron blocked or over a limit',
  item_unknown: 'Item not known to the ILS',
  item_on_loan: 'Item already on loan to someone else',
  item_on_hold: 'Item on hold',
  item_not_for_loan: 'Item not for loan, lost or in transit',
  refused: 'Refused (see the ILS)',
};

async function api(path, method = 'GET') {
  const res = await fetch(`/api/staff/offline${path}`, { method, headers: { 'X-CSRF-Token': csrf } });
  if (res.status === 401) location.href = '/staff/login';
  const data = await res.json();
  if (!res.ok) throw new Error(data.detail ?? data.error ?? res.statusText);
  return data;
}

function say(text, cls = '') {
  $('offline-msg').textContent = text;
  $('offline-msg').className = cls;
}

function cell(tr, text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  tr.append(td);
  return td;
}

function button(label, cls, onClick, disabled = false) {
  const b = document.createElement('button');
  b.textContent = label;
  if (cls) b.className = cls;
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

async function refresh() {
  const v = await api('/');
  $('offline-summary').textContent =
    `${v.waiting} waiting to be forwarded automatically; ${v.entries.length} for staff` +
    (v.corrupt ? `; ${v.corrupt} unreadable file(s)` : '') +
    (v.forwardWaitTimeouts ? `; the kiosk stopped waiting for forwarding ${v.forwardWaitTimeouts} time(s)` : '');
  const tb = $('offline-rows');
  tb.replaceChildren();
  for (const e of v.entries) {
    const tr = document.createElement('tr');
    cell(tr, e.txId);
    cell(tr, e.itemId ?? '(sealed)');
    cell(
      tr,
      e.kind === 'refused' ? (REASONS[e.reason] ?? e.reason) : 'Sealed before a restart: recover on the staff machine',
    );
    cell(tr, when(e.createdAt));
    cell(tr, when(e.refusedAt));
    const actions = cell(tr, '');
    if (e.retryable)
      actions.append(
        button('Retry', '', async () => {
          const r = await api(`/${e.txId}/retry`, 'POST');
          say(`Retry: ${r.result}`, r.result === 'forwarded' ? 'good' : '');
          await refresh();
        }),
      );
    const a = document.createElement('a');
    a.href = `/api/staff/offline/${e.txId}/export`;
    a.download = `${e.txId}.json`;
    a.textContent = 'Export for the ILS';
    a.addEventListener('click', () => setTimeout(() => refresh().catch((err) => say(err.message, 'error')), 500));
    actions.append(a);
    actions.append(
      button(
        'Delete',
        'secondary',
        async () => {
          if (!confirm('Delete this entry from the station? Forward the exported file with selfcheck offline recover.'))
            return;
          await api(`/${e.txId}`, 'DELETE');
          say('Deleted.');
          await refresh();
        },
        !e.exported,
      ),
    );
    tb.append(tr);
  }
}

async function main() {
  const s = await (await fetch('/api/staff/session')).json();
  if (!s.features?.includes('offline')) return;
  csrf = s.csrf;
  document.querySelector('nav button[data-tab="offline"]')?.addEventListener('click', () => {
    refresh().catch((err) => say(err.message, 'error'));
  });
  $('offline-refresh').addEventListener('click', () => refresh().catch((err) => say(err.message, 'error')));
}

main().catch((e) => say(e.message, 'error'));
