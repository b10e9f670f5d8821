// The kiosk page: renders the KioskView pushed by server-sent events and posts actions. It keeps no patron
// value in storage, cookies or the URL; on the attract screen the DOM is rebuilt from nothing.
import { setLanguage, language, t, msg } from './i18n.js';
import { h, button } from './dom.js';
import { renderScreen } from './screens.js';
import { cue } from './audio.js';

const main = document.getElementById('screen');
const live = document.getElementById('live');
const dialogSlot = document.getElementById('dialog-slot');
let kept = [];
let lastScreen = '';
let lastLang = '';
let seenResults = new Set();
let pending = Promise.resolve();

async function send(action) {
  const r = await fetch('/api/kiosk/action', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(action),
    credentials: 'omit',
  });
  if (r.ok) queue(await r.json());
}

function announce(v) {
  for (const row of v.items) {
    const id = `${row.key}:${row.state}`;
    if (row.state === 'reading' || row.state === 'pending' || seenResults.has(id)) continue;
    seenResults.add(id);
    live.textContent = `${row.title ?? ''} ${row.message ? msg(row.message) : t(`state.${row.state}`)}`;
    cue(row.state === 'ok' ? 'ok' : 'bad');
  }
}

let lastSeq = -1;
async function render(v) {
  if (v.seq < lastSeq && v.screen !== 'attract') return;
  lastSeq = v.seq;
  if (v.language !== lastLang) await setLanguage(v.language);
  const screenChanged = v.screen !== lastScreen || v.language !== lastLang;
  lastLang = v.language;
  if (v.screen === 'attract' || v.screen === 'goodbye') {
    seenResults = new Set();
    live.textContent = '';
  }
  // Keypads keep their typed value across re-renders of the same screen; anything else is rebuilt.
  if (screenChanged || !kept.length) {
    for (const k of kept) k.dispose?.();
    kept = [];
    main.replaceChildren(...renderScreen(v, send, (el) => (kept.push(el), el)).filter(Boolean));
    main.focus();
  } else {
    const keepEl = kept[0];
    main.replaceChildren(...renderScreen(v, send, () => keepEl).filter(Boolean));
  }
  lastScreen = v.screen;
  announce(v);
  dialogSlot.replaceChildren();
  if (v.warning) {
    dialogSlot.append(
      h(
        'div',
        { class: 'dialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'warn-text' },
        h('p', { id: 'warn-text' }, t('session.timeoutWarning', { seconds: v.warning.seconds })),
        button(t('common.moreTime'), () => send({ type: 'moreTime' }), 'btn primary big'),
      ),
    );
    dialogSlot.querySelector('button').focus();
  }
  toggles();
}

function queue(v) {
  pending = pending.then(() => render(v)).catch(() => {});
}

function toggles() {
  document.getElementById('t-contrast').textContent = t('toggle.contrast');
  document.getElementById('t-large').textContent = t('toggle.large');
}

for (const [id, cls] of [
  ['t-contrast', 'hc'],
  ['t-large', 'large'],
]) {
  document.getElementById(id).addEventListener('click', (e) => {
    const on = document.body.classList.toggle(cls);
    e.currentTarget.setAttribute('aria-pressed', String(on));
  });
}

// Any touch resets the inactivity timer on the server (throttled).
let lastActivity = 0;
document.addEventListener('pointerdown', () => {
  if (Date.now() - lastActivity > 5000 && lastScreen !== 'attract') {
    lastActivity = Date.now();
    fetch('/api/kiosk/action', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type":"activity"}',
    });
  }
});

const es = new EventSource('/api/kiosk/events');
es.onmessage = (e) => queue(JSON.parse(e.data));
void language;
