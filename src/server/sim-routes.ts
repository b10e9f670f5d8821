/**
 * The simulator panel's API (mounted only when reader.driver is 'sim'): list the sample library's tags,
 * place one on the pad or take it off, and make a tag's next writes fail.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { SimField, ScenarioTag } from '../../drivers/sim/index.ts';

const uidBody = z.object({ uid: z.string().regex(/^[0-9A-Fa-f]{16}$/) }).strict();
const faultBody = z
  .object({ uid: z.string().regex(/^[0-9A-Fa-f]{16}$/), writes: z.number().int().min(1).max(10) })
  .strict();

export function simRouter(field: SimField, tags: ScenarioTag[]): Router {
  const r = Router();
  const uidOf = (t: ScenarioTag): string => String(t.tag.uid).toUpperCase();
  const find = (uid: string): ScenarioTag | undefined => tags.find((t) => uidOf(t) === uid.toUpperCase());
  r.get('/tags', (_req, res) => {
    const onPad = new Set(field.tags().map((t) => String(t.uid).toUpperCase()));
    res.json(tags.map((t) => ({ uid: uidOf(t), itemId: t.itemId, part: t.part, onPad: onPad.has(uidOf(t)) })));
  });
  const withTag =
    (
      schema: typeof uidBody | typeof faultBody,
      fn: (t: ScenarioTag, body: z.infer<typeof faultBody> | z.infer<typeof uidBody>) => void,
    ): RequestHandler =>
    (req, res) => {
      const b = schema.safeParse(req.body);
      if (!b.success) return void res.status(400).json({ error: 'bad_body' });
      const t = find(b.data.uid);
      if (!t) return void res.status(404).json({ error: 'unknown_tag' });
      fn(t, b.data);
      res.json({ ok: true });
    };
  r.post(
    '/place',
    withTag(uidBody, (t) => {
      if (!field.tags().includes(t.tag)) field.addTag(t.tag);
    }),
  );
  r.post(
    '/remove',
    withTag(uidBody, (t) => field.removeTag(uidOf(t))),
  );
  r.post(
    '/fail-writes',
    withTag(faultBody, (t, b) => {
      t.tag.faults.tear = { count: (b as z.infer<typeof faultBody>).writes, kind: 'fail' };
    }),
  );
  return r;
}
