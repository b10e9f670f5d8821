// Staff pages: inventory, hunt, tag encoding and diagnostics. Talks to /api/staff with the session cookie and the CSRF
// token the session call returns (kept in memory only). Shows item data only; nothing here is about patrons.
let csrf = '';
const $ = (id) => document.getElementById(id);
const say = (text, cls = '') => {
  $('message').textContent = text;
  $('message').className = cls;
};

async function api(path, { method = 'GET', json, text } = {}) {
  const headers = { 'X-CSRF-Token': csrf };
  let body;
  if (json !== undefined) [headers['Content-Type'], body] = ['application/json', JSON.stringify(json)];
  if (text !== undefined) [headers['Content-Type'], body] = ['text/csv', text];
  const res = await fetch(`/api/staff${path}`, { method, headers, body });
  if (res.status === 401) location.href = '/staff/login';
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(data.detail ?? data.error ?? res.statusText);
  return data;
}

function beep() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 880;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
  } catch {
    /* no audio device */
  }
}

function show(tab) {
  for (const s of document.querySelectorAll('main section')) s.hidden = s.id !== tab;
  if (tab === 'diagnostics') refreshDiagnostics();
  if (tab === 'inventory') refreshSaved();
}

function table(rows) {
  const t = document.createElement('table');
  t.innerHTML =
    '<thead><tr><th>Item</th><th>Call number</th><th>Location</th><th>Title</th><th>Detail</th><th></th></tr></thead>';
  const tb = document.createElement('tbody');
  for (const f of rows) {
    const tr = document.createElement('tr');
    for (const v of [f.itemId, f.callNumber, f.location, f.title, f.detail]) {
      const td = document.createElement('td');
      td.textContent = v ?? '';
      tr.append(td);
    }
    tr.append(document.createElement('td'));
    tb.append(tr);
  }
  t.append(tb);
  return t;
}

const sections = [
  ['missing', 'Missing'],
  ['misshelved', 'Out of order'],
  ['wrongLocation', 'Wrong location'],
  ['statusConflicts', 'ILS status conflicts'],
  ['unsecured', 'Security off'],
  ['unknown', 'Unknown to the shelf list'],
];

function renderAnalysis(a) {
  const out = $('inv-results');
  out.replaceChildren();
  for (const [key, label] of sections) {
    const h = document.createElement('h3');
    h.textContent = `${label} (${a[key].length})`;
    out.append(h);
    if (!a[key].length) continue;
    const t = table(a[key]);
    if (key === 'unsecured')
      t.querySelectorAll('tbody tr').forEach((tr, i) => {
        const b = document.createElement('button');
        b.textContent = 'Re-secure';
        b.addEventListener('click', async () => {
          const r = await api('/inventory/resecure', { method: 'POST', json: { itemId: a.unsecured[i].itemId } }).catch(
            (e) => ({ ok: false, reason: e.message }),
          );
          b.replaceWith(document.createTextNode(r.ok ? 'secured' : `failed: ${r.reason}`));
        });
        tr.lastChild.append(b);
      });
    out.append(t);
  }
}

function renderStatus(s) {
  $('c-reads').textContent = s.reads;
  $('c-items').textContent = s.items;
  $('c-dups').textContent = s.duplicates;
  $('c-bad').textContent = s.unreadable;
  $('c-list').textContent = s.shelfListSize;
}

async function refreshSaved() {
  const list = await api('/inventory/saved').catch(() => []);
  $('saved').replaceChildren(
    ...list.map((s) => {
      const li = document.createElement('li');
      li.textContent = `${s.savedAt} ${s.location ?? ''} (${s.scanned} items) `;
      for (const fmt of ['csv', 'html']) {
        const a = document.createElement('a');
        a.href = `/api/staff/inventory/saved/${s.id}.${fmt}`;
        a.textContent = fmt === 'csv' ? 'CSV' : 'printable';
        li.append(a, ' ');
      }
      return li;
    }),
  );
}

async function refreshDiagnostics() {
  $('diag').textContent = JSON.stringify(await api('/diagnostics'), null, 2);
}

function wireInventory() {
  $('shelflist').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    say('Loading the shelf list…');
    const r = await api('/inventory/shelflist', { method: 'POST', text: await file.text() }).catch((err) =>
      say(err.message, 'error'),
    );
    if (r) say(`Shelf list loaded: ${r.items} items.`, 'ok');
  });
  $('inv-start').addEventListener('click', async () =>
    renderStatus(
      await api('/inventory/start', { method: 'POST', json: { location: $('location').value || undefined } }),
    ),
  );
  $('readsfile').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const r = await api('/inventory/reads', { method: 'POST', text: await file.text() });
    say(`${r.lines} reads loaded, ${r.items} items, ${r.rejected} rejected.`);
    renderStatus(await api('/inventory/status'));
  });
  $('inv-check').addEventListener('click', async () =>
    renderAnalysis((await api('/inventory/analysis').catch((err) => (say(err.message, 'error'), null))) ?? {}),
  );
  $('inv-finish').addEventListener('click', async () => {
    const r = await api('/inventory/finish', { method: 'POST' }).catch((err) => say(err.message, 'error'));
    if (r) {
      renderAnalysis(r.analysis);
      say('Saved.', 'ok');
      refreshSaved();
    }
  });
  $('hunt-set').addEventListener('click', async () => {
    const ids = $('huntlist').value.split(/\s+/).filter(Boolean);
    // As text: a long list would not fit the app's small JSON body limit.
    await api('/inventory/hunt', { method: 'POST', text: ids.join('\n') });
    say(`Hunting for ${ids.length} items.`);
  });
  const events = new EventSource('/api/staff/inventory/events');
  events.addEventListener('status', (e) => renderStatus(JSON.parse(e.data)));
  events.addEventListener('read', () =>
    api('/inventory/status')
      .then(renderStatus)
      .catch(() => {}),
  );
  events.addEventListener('hunt', (e) => {
    const { itemId } = JSON.parse(e.data);
    $('hunt-found').textContent = `${$('hunt-found').textContent} ${itemId}`.trim();
    document.body.classList.remove('flash');
    void document.body.offsetWidth;
    document.body.classList.add('flash');
    beep();
  });
}

function outcome(r) {
  if (r.ok)
    return `Written: ${r.item.primaryItemId} part ${r.item.partNumber} of ${r.item.partsInItem}${r.locked ? ', locked' : ''}. Tag ${r.uid}.`;
  return `Not written (${r.reason})${r.detail ? `: ${r.detail}` : ''}`;
}

function wireEncoder() {
  const encode = async (overwrite) => {
    const body = {
      itemId: $('itemid').value.trim(),
      parts: Number($('parts').value),
      part: Number($('part').value),
      overwrite,
    };
    const r = await api('/encoder/encode', { method: 'POST', json: body }).catch((e) => ({
      ok: false,
      reason: 'error',
      detail: e.message,
    }));
    $('enc-result').textContent = outcome(r);
    if (
      !r.ok &&
      r.reason === 'not_blank' &&
      confirm(`This tag holds ${r.existing?.primaryItemId ?? 'other data'}. Overwrite it?`)
    )
      await encode(true);
    if (r.ok) $('itemid').select();
  };
  $('encode').addEventListener('click', () => encode(false));
  $('itemid').addEventListener('keydown', (e) => e.key === 'Enter' && encode(false));
  $('reencode').addEventListener(
    'click',
    async () => ($('enc-result').textContent = outcome(await api('/encoder/reencode', { method: 'POST' }))),
  );
  $('batchfile').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const r = await api('/encoder/batch', { method: 'POST', text: await file.text() });
    say(`${r.steps} tags to write${r.rejected.length ? `; rejected: ${r.rejected.join(', ')}` : ''}.`);
    showNext();
  });
  const showNext = async () => {
    const { next } = await api('/encoder/batch');
    $('batch-next-label').textContent = next
      ? `Next: ${next.itemId} part ${next.part} of ${next.parts}`
      : 'No batch step left.';
  };
  $('batch-next').addEventListener('click', async () => {
    $('enc-result').textContent = outcome(await api('/encoder/batch/next', { method: 'POST', json: {} }));
    showNext();
  });
}

async function main() {
  const s = await api('/session');
  csrf = s.csrf;
  $('who').textContent = `(${s.user})`;
  for (const b of document.querySelectorAll('nav button[data-tab]')) {
    const tab = b.dataset.tab;
    const needs = tab === 'hunt' ? 'inventory' : tab;
    if (tab !== 'diagnostics' && !s.features.includes(needs)) continue;
    b.hidden = false;
    b.addEventListener('click', () => show(tab));
  }
  $('stats-link').hidden = !s.features.includes('stats');
  $('audit').hidden = !s.features.includes('privacy');
  $('audit').addEventListener(
    'click',
    async () => ($('audit-out').textContent = JSON.stringify(await api('/privacy-audit'), null, 2)),
  );
  $('logout').addEventListener('click', async () => {
    await api('/logout', { method: 'POST' });
    location.href = '/staff/login';
  });
  if (s.features.includes('inventory')) wireInventory();
  if (s.features.includes('encoder')) wireEncoder();
  show(s.features.includes('inventory') ? 'inventory' : s.features.includes('encoder') ? 'encoder' : 'diagnostics');
}

main().catch((e) => say(e.message, 'error'));
