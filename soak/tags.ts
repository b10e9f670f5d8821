/**
 * The soak's item tags: one ICODE SLIX SimTag per item, ISO 28560-2 content from src/tags' encodeItem, AFI secured
 * (and EAS set when the model uses it). The soak holds them, so it reads each tag's security state directly.
 */
import { SimTag } from '../drivers/sim/tag.ts';
import { encodeItem, DSFID_28560_2 } from '../src/tags/index.ts';
import type { SecurityModel } from '../src/rfid/security.ts';

/** E0 04 (NXP) and six bytes each A0..FF: no run of decimal digits, so a UID never looks like a card number. */
function uidFor(rnd: () => number): string {
  let s = 'E004';
  for (let k = 0; k < 6; k++) s += (0xa + Math.floor(rnd() * 6)).toString(16) + Math.floor(rnd() * 16).toString(16);
  return s.toUpperCase();
}

export function makeTags(itemIds: string[], model: SecurityModel, rnd: () => number): Map<string, SimTag> {
  const out = new Map<string, SimTag>();
  const uids = new Set<string>();
  for (const itemId of itemIds) {
    let uid = uidFor(rnd);
    while (uids.has(uid)) uid = uidFor(rnd);
    uids.add(uid);
    const data = encodeItem({ primaryItemId: itemId, typeOfUsage: 1 }, { model: '28560-2' });
    out.set(
      itemId,
      new SimTag({
        uid,
        family: 'icode-slix',
        data,
        dsfid: DSFID_28560_2,
        afi: model.afiSecured,
        eas: model.mode !== 'afi',
      }),
    );
  }
  return out;
}

/** true = secured, false = checked out, undefined = neither (e.g. AFI and EAS disagree under 'both'). */
export function tagSecured(tag: SimTag, model: SecurityModel): boolean | undefined {
  const afi = tag.afi === model.afiSecured ? true : tag.afi === model.afiCheckedOut ? false : undefined;
  if (model.mode === 'afi') return afi;
  if (model.mode === 'eas') return tag.eas;
  return afi === tag.eas ? afi : undefined;
}

/** What staff at the desk do for an item they were sent: make its tag follow the ILS. */
export function setTag(tag: SimTag, secured: boolean, model: SecurityModel): void {
  if (model.mode !== 'eas') tag.afi = secured ? model.afiSecured : model.afiCheckedOut;
  if (model.mode !== 'afi') tag.eas = secured;
  tag.faults.tear = undefined;
}
