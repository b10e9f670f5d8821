// Gate status page: the state from /api/gate/status, then live changes from /api/gate/events (server-sent events).
// States, times and counts only: the server sends nothing about items or people.
const $ = (id) => document.getElementById(id);
const time = (ms) => (ms ? new Date(ms).toLocaleTimeString() : '–');
const ALARM = { idle: 'No alarm', alarm: 'ALARM: secured item at the gate', silenced: 'Alarm silenced by staff' };
const CHECK = {
  checked_out: 'ILS: the item is checked out (the tag was not unsecured: false alarm)',
  not_checked_out: 'ILS: the item is NOT checked out',
  unknown: 'ILS check: no answer (check the item by hand)',
};

function render(s) {
  $('alarm').textContent = ALARM[s.alarm.state] ?? s.alarm.state;
  $('alarm').dataset.state = s.alarm.state;
  $('fault').textContent = s.fault ? 'FAULT: the reader is not answering' : 'Reader answering';
  $('setup').textContent = `Security: ${s.mode}; antennas ${s.antennas.join(', ')}; GPIO: ${s.gpio}`;
  $('alarms').textContent = String(s.today.alarms);
  $('in').textContent = String(s.today.visitorsIn);
  $('out').textContent = String(s.today.visitorsOut);
  $('last').textContent = time(s.lastAlarmAt);
  $('check').textContent = s.lastCheck ? `${CHECK[s.lastCheck.verdict]} (${time(s.lastCheck.at)})` : '';
}

let status;
async function refresh() {
  const res = await fetch('/api/gate/status');
  if (res.ok) render((status = await res.json()));
}

const es = new EventSource('/api/gate/events');
es.onopen = () => ($('connection').textContent = 'Live');
es.onerror = () => ($('connection').textContent = 'Connection lost, retrying…');
es.onmessage = (m) => {
  const e = JSON.parse(m.data);
  if (e.type === 'status') return render((status = e.status));
  // Counts and times live on the server: fetch them again rather than count twice here.
  void refresh();
  if (e.type === 'alarm' && status) render({ ...status, alarm: { state: e.state } });
};
void refresh();
