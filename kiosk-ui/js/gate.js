// Gate status page: the state from /api/gate/status, then live changes from /api/gate/events (server-sent events).
// States, times and counts only: the server sends nothing about items or people. Language: ?lang=xx (kept in the
// address so a reload or a bookmark keeps it; nothing is stored in the browser), else the station's default.
import { LANGUAGES, setLanguage, language, t, fmtTime, fmtDay, fmtCount } from './gate-i18n.js';

const $ = (id) => document.getElementById(id);
let status;

function setTime(el, ms) {
  el.textContent = fmtTime(ms);
  if (ms) el.dateTime = new Date(ms).toISOString();
  else el.removeAttribute('datetime');
}

function renderStatic() {
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const b of document.querySelectorAll('button[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === language()));
}

function render(s) {
  const state = t(`alarm.${s.alarm.state}`);
  const alarm = $('alarm');
  alarm.textContent =
    s.alarm.state !== 'idle' && s.alarm.since ? t('alarm.since', { state, time: fmtTime(s.alarm.since) }) : state;
  alarm.dataset.state = s.alarm.state;
  $('fault').textContent = t(s.fault ? 'reader.fault' : 'reader.ok');
  $('fault').dataset.state = s.fault ? 'fault' : 'ok';
  $('setup').textContent = t('reader.setup', {
    mode: t(`mode.${s.mode}`),
    antennas: new Intl.ListFormat(language(), { type: 'unit' }).format(s.antennas.map(String)),
    gpio: s.gpio,
  });
  $('today-h').textContent = t('today.heading', { date: fmtDay(s.today.date) });
  $('alarms').textContent = fmtCount(s.today.alarms);
  $('in').textContent = fmtCount(s.today.visitorsIn);
  $('out').textContent = fmtCount(s.today.visitorsOut);
  setTime($('last'), s.lastAlarmAt);
  $('check').textContent = s.lastCheck
    ? t('check.at', { verdict: t(`check.${s.lastCheck.verdict}`), time: fmtTime(s.lastCheck.at) })
    : '';
}

async function fetchStatus() {
  const res = await fetch('/api/gate/status');
  return res.ok ? res.json() : undefined;
}

async function refresh() {
  const s = await fetchStatus();
  if (s) render((status = s));
}

let connection = 'conn.connecting';
function setConnection(key) {
  connection = key;
  $('connection').textContent = t(key);
}

async function switchTo(l) {
  await setLanguage(l);
  const url = new URL(location.href);
  url.searchParams.set('lang', language());
  history.replaceState(null, '', url);
  renderStatic();
  setConnection(connection);
  if (status) render(status);
}

function connect() {
  const es = new EventSource('/api/gate/events');
  es.onopen = () => setConnection('conn.live');
  es.onerror = () => setConnection('conn.lost');
  es.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.type === 'status') return render((status = e.status));
    if (e.type === 'alarm' && status) render((status = { ...status, alarm: { state: e.state, since: e.at } }));
    // Counts and times live on the server: fetch them again rather than count twice here.
    void refresh();
  };
}

async function boot() {
  const wanted = new URLSearchParams(location.search).get('lang');
  status = await fetchStatus().catch(() => undefined);
  await setLanguage(LANGUAGES.includes(wanted) ? wanted : (status?.language ?? 'en'));
  renderStatic();
  setConnection(connection);
  if (status) render(status);
  for (const b of document.querySelectorAll('button[data-lang]')) b.onclick = () => void switchTo(b.dataset.lang);
  connect();
}
void boot();
