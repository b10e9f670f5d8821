// The simulator panel: a stand-in for books when trying the station without hardware.
import { h, button } from './dom.js';

const body = document.getElementById('tags');
async function post(path, data) {
  await fetch(`/api/sim/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(data),
  });
  await load();
}
async function load() {
  const tags = await (await fetch('/api/sim/tags')).json();
  body.replaceChildren(
    ...tags.map((t) =>
      h(
        'tr',
        {},
        h('td', {}, t.itemId),
        h('td', {}, String(t.part)),
        h('td', {}, t.uid),
        h('td', {}, t.onPad ? 'yes' : 'no'),
        h(
          'td',
          {},
          t.onPad
            ? button('Take off', () => post('remove', { uid: t.uid }))
            : button('Place', () => post('place', { uid: t.uid })),
          ' ',
          button('Fail next writes', () => post('fail-writes', { uid: t.uid, writes: 3 })),
        ),
      ),
    ),
  );
}
void load();
