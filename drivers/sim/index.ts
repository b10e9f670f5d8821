/** The simulator's public surface: field, tags, reader, timing model, scenarios. */
export { SimField, type AirReply, type SimFieldOptions, type TransceiveOptions } from './field.ts';
export { SimTag, EAS_SEQUENCE, type SimTagInit, type TagFaults, type TagState } from './tag.ts';
export { SimReader, type SimReaderOptions } from './reader.ts';
export { VirtualClock, RealClock, seededRandom, type SimClock } from './clock.ts';
export { FAMILIES, type FamilyTraits } from './families.ts';
export { sampleLibraryTags, uidFactory, type TagContent, type ScenarioTag, type ScenarioOptions } from './scenario.ts';
export * as airtime from './airtime.ts';
